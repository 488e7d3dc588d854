package io.atende.journey.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cluster's rate limiter: two dispatchers, each with its own connection pool (two nodes), on one database take
 * permits for one number as fast as they can; in no 1-second window do they get more than the number's limit, and
 * together they use nearly all of the batches' share. On H2 always, on PostgreSQL when one answers on 127.0.0.1:5432
 * (database {@code test}, user {@code postgres}), in a schema of its own.
 */
class BatchRateLimiterTest {

  private static final String NUMBER = "106540352242922";
  private static final int LIMIT = 80;
  private static final int SHARE = BatchRateLimiter.share(LIMIT, 0.95);
  private static final long RUN_MILLIS = 4000;

  @Test
  void twoNodesOnH2NeverExceedTheNumbersLimitInAnySecond() throws Exception {
    String url = "jdbc:h2:mem:rate-limit;DB_CLOSE_DELAY=-1";
    DataSource first = pool(url, "sa");
    migrate(first, null);
    holdsTheLimit(first, pool(url, "sa"));
  }

  @Test
  @EnabledIf(value = "postgresAnswers", disabledReason = "no PostgreSQL at 127.0.0.1:5432 (database test, user postgres)")
  void twoNodesOnPostgresNeverExceedTheNumbersLimitInAnySecond() throws Exception {
    String schema = "atende_rate_it";
    try (Connection c = DriverManager.getConnection(PG_URL, "postgres", ""); Statement s = c.createStatement()) {
      s.execute("drop schema if exists " + schema + " cascade");
      s.execute("create schema " + schema);
    }
    String url = PG_URL + "?currentSchema=" + schema;
    DataSource first = pool(url, "postgres");
    migrate(first, schema);
    holdsTheLimit(first, pool(url, "postgres"));
  }

  /** A node's own connection pool. */
  private static DataSource pool(String url, String user) {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword("");
    config.setMaximumPoolSize(6);
    return new com.zaxxer.hikari.HikariDataSource(config);
  }

  private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  static boolean postgresAnswers() {
    try (Connection ignored = DriverManager.getConnection(PG_URL, "postgres", "")) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static void migrate(DataSource dataSource, String schema) {
    var config = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
    if (schema != null) {
      config.schemas(schema);
    }
    config.load().migrate();
  }

  private static BatchRateLimiter node(DataSource dataSource) {
    return new BatchRateLimiter(JdbcClient.create(dataSource), new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
        number -> SHARE, System::currentTimeMillis, 1100);
  }

  private static void holdsTheLimit(DataSource one, DataSource two) throws Exception {
    List<BatchRateLimiter> nodes = List.of(node(one), node(two));
    List<Long> grants = Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(8);
    long start = System.currentTimeMillis();
    long end = start + RUN_MILLIS;
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      BatchRateLimiter node = nodes.get(i % 2);
      running.add(threads.submit(() -> {
        while (System.currentTimeMillis() < end) {
          node.acquire(NUMBER);
          grants.add(System.currentTimeMillis());
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get(RUN_MILLIS + 30_000, TimeUnit.MILLISECONDS);
    }
    threads.shutdown();

    List<Long> times = new ArrayList<>(grants);
    Collections.sort(times);
    int most = 0;
    for (int i = 0, j = 0; i < times.size(); i++) {
      while (times.get(i) - times.get(j) >= 1000) {
        j++;
      }
      most = Math.max(most, i - j + 1);
    }
    assertThat(most).as("permits in the busiest 1-second window").isLessThanOrEqualTo(LIMIT);
    // the last permits may have been granted after the run's end: count the run's whole seconds. Only a floor that
    // tells a limiter that works from one that starves the batches: the rate itself is the benchmark's to measure
    // (README, BatchBenchmark), a loaded machine grants fewer here
    long inRun = times.stream().filter(t -> t < start + RUN_MILLIS).count();
    assertThat(inRun).as("the batches' share used").isGreaterThanOrEqualTo((long) (SHARE / 1.1 * (RUN_MILLIS / 1000.0) * 0.5));
  }
}
