package io.atende.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Sizes the send path's pools from the business numbers' limits instead of asking the operator to: each of the
 * journey's sends holds a job thread (and the job's database connection) for the Graph API round trip, so the job
 * executor needs about {@code sum(messages-per-second) × atende.whatsapp.graph-round-trip} threads to keep up (×1.25
 * for slow answers; at least 16), and the connection pool those threads plus 24 for the inbound lanes, the webhook,
 * the desk, the batches and the send's own short transactions (a send holds its job's connection and records its
 * outcome on a second one), of which only 10 are kept open while idle.
 *
 * <p><b>The database's own limit wins.</b> A pool larger than the connections the database grants does not grow to
 * its size: the threads would each hold one connection and wait for a second that never comes, and the webhook would
 * wait with them (on PostgreSQL, 100 connections by default for all the nodes together). So on PostgreSQL the node's
 * share of the server's connections is read at start ({@code max_connections} − {@code superuser_reserved_connections}
 * − {@code atende.database.reserved-connections} for tools, ÷ {@code atende.cluster.nodes}), or taken from
 * {@code atende.database.max-connections}; the pool stays within it and the job threads leave the others their 24
 * (at least half of the pool). The start-up check says how fast the numbers can then send
 * ({@code io.atende.journey.SendCapacityCheck}).
 *
 * <p>The figures are defaults only, the lowest precedence: any value set in {@code application.yml}, on the command
 * line or in the environment wins ({@code camunda.bpm.job-execution.core-pool-size}, {@code max-pool-size},
 * {@code spring.datasource.hikari.maximum-pool-size}).
 */
public class SendPoolSizing implements EnvironmentPostProcessor, Ordered {

  static final String SOURCE = "atende-send-pool-sizing";
  /** The connections this node may open, when the database limits them (set by this class, read by the start-up check). */
  public static final String CONNECTION_BUDGET = "atende.database.connection-budget";
  static final int MIN_JOB_THREADS = 16;
  static final int OTHER_CONNECTIONS = 24;
  static final int MIN_IDLE = 10;
  static final int RESERVED_CONNECTIONS = 10;

  private final Log log;

  public SendPoolSizing(DeferredLogFactory logs) {
    this.log = logs.getLog(SendPoolSizing.class);
  }

  SendPoolSizing(Log log) {
    this.log = log;
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    Binder binder = Binder.get(environment);
    int perSecond = 0;
    for (int i = 0; binder.bind("atende.whatsapp.numbers[" + i + "].phone-number-id", String.class).isBound(); i++) {
      int number = binder.bind("atende.whatsapp.numbers[" + i + "].messages-per-second", Integer.class).orElse(80);
      perSecond += number > 0 ? number : 80;
    }
    Duration roundTrip = binder.bind("atende.whatsapp.graph-round-trip", Duration.class).orElse(Duration.ofMillis(200));
    int threads = jobThreads(perSecond, roundTrip);
    OptionalInt budget = connectionBudget(binder);
    if (budget.isPresent()) {
      threads = Math.min(threads, threadsWithin(budget.getAsInt()));
    }
    int jobThreads = binder.bind("camunda.bpm.job-execution.max-pool-size", Integer.class).orElse(threads);
    int pool = jobThreads + OTHER_CONNECTIONS;
    if (budget.isPresent()) {
      pool = Math.min(pool, budget.getAsInt());
    }
    Map<String, Object> defaults = new HashMap<>();
    defaults.put("camunda.bpm.job-execution.core-pool-size", threads);
    defaults.put("camunda.bpm.job-execution.max-pool-size", threads);
    defaults.put("spring.datasource.hikari.maximum-pool-size", pool);
    // connections open as they are needed and close after Hikari's idle timeout: a node sized for 1,000 messages/s
    // does not hold 280 connections to PostgreSQL while it sends a few
    defaults.put("spring.datasource.hikari.minimum-idle", Math.min(MIN_IDLE, pool));
    budget.ifPresent(b -> defaults.put(CONNECTION_BUDGET, b));
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
  }

  /** Job threads that keep up with {@code perSecond} sends at that round trip. */
  static int jobThreads(int perSecond, Duration roundTrip) {
    return (int) Math.max(MIN_JOB_THREADS, Math.ceil(perSecond * roundTrip.toMillis() * 1.25 / 1000));
  }

  /** Job threads a pool of {@code connections} carries while the lanes, the webhook and the sends' own records get theirs. */
  public static int threadsWithin(int connections) {
    return Math.max(1, Math.max(connections - OTHER_CONNECTIONS, connections / 2));
  }

  /**
   * The connections this node may open: {@code atende.database.max-connections} when set; on PostgreSQL, its share of
   * what the server grants; otherwise (H2) none is known.
   */
  OptionalInt connectionBudget(Binder binder) {
    OptionalInt set = binder.bind("atende.database.max-connections", Integer.class).map(OptionalInt::of).orElse(OptionalInt.empty());
    if (set.isPresent()) {
      return set;
    }
    String url = binder.bind("spring.datasource.url", String.class).orElse("");
    if (!url.startsWith("jdbc:postgresql:")) {
      return OptionalInt.empty();
    }
    int nodes = Math.max(1, binder.bind("atende.cluster.nodes", Integer.class).orElse(1));
    int reserved = binder.bind("atende.database.reserved-connections", Integer.class).orElse(RESERVED_CONNECTIONS);
    String user = binder.bind("spring.datasource.username", String.class).orElse(null);
    String password = binder.bind("spring.datasource.password", String.class).orElse(null);
    DriverManager.setLoginTimeout(10);
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("select current_setting('max_connections')::int"
            + " - current_setting('superuser_reserved_connections')::int")) {
      row.next();
      int granted = row.getInt(1);
      int share = Math.max(4, (granted - reserved) / nodes);
      log.info("PostgreSQL grants " + granted + " connections; this node's share is " + share + " ("
          + (nodes == 1 ? "" : "of " + nodes + " nodes, atende.cluster.nodes; ") + reserved
          + " kept for tools, atende.database.reserved-connections)");
      return OptionalInt.of(share);
    } catch (SQLException e) {
      // the database may not be up yet: the pools keep the numbers' sizes, and the start-up check warns
      log.warn("Could not read PostgreSQL's max_connections (" + e.getMessage() + "); the connection pool is sized from"
          + " the numbers' limits alone and may ask for more connections than the server grants");
      return OptionalInt.empty();
    }
  }

  @Override
  public int getOrder() {
    // after the configuration files are read
    return Ordered.LOWEST_PRECEDENCE;
  }
}
