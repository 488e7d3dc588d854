package io.atende.limits;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * A database with only the service's Flyway tables (no Spring context, no Camunda), and one "node" after another on
 * it: each node is a {@link MessagingLimits} with a connection pool of its own, as two service instances have.
 */
final class LimitsDatabase implements AutoCloseable {

  static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String PG_USER = "postgres";
  static final String PG_SCHEMA = "atende_limits_it";

  private final String url;
  private final String user;
  private final String schema;
  private final List<HikariDataSource> pools = new ArrayList<>();
  final JdbcClient jdbc;

  private LimitsDatabase(String url, String user, String schema) {
    this.url = url;
    this.user = user;
    this.schema = schema;
    DataSource first = pool();
    if (url.startsWith("jdbc:h2:")) {
      io.atende.platform.H2FreshResults.switchOff(first); // as the service sets its H2 up
    }
    Flyway.configure().dataSource(first).locations("classpath:db/migration")
        .schemas(schema == null ? new String[0] : new String[] {schema}).load().migrate();
    this.jdbc = JdbcClient.create(first);
  }

  static LimitsDatabase h2(String name) {
    return new LimitsDatabase("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", null);
  }

  /** A fresh schema of its own on the local PostgreSQL. */
  static LimitsDatabase postgres() throws SQLException {
    try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
      s.execute("drop schema if exists " + PG_SCHEMA + " cascade");
      s.execute("create schema " + PG_SCHEMA);
    }
    return new LimitsDatabase(PG_URL, PG_USER, PG_SCHEMA);
  }

  static LimitsDatabase postgresUnchecked() {
    try {
      return postgres();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean postgresAnswers() {
    try (Connection ignored = DriverManager.getConnection(PG_URL, PG_USER, "")) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private HikariDataSource pool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword("");
    config.setMaximumPoolSize(4);
    if (schema != null) {
      config.setSchema(schema);
    }
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    return pool;
  }

  /** A node: its own pool, transaction manager and clock. */
  MessagingLimits node(MessagingLimitsProperties properties, Clock clock) {
    DataSource pool = pool();
    JdbcClient nodeJdbc = JdbcClient.create(pool);
    return new MessagingLimits(nodeJdbc, new org.springframework.jdbc.core.JdbcTemplate(pool), new ServiceWindows(nodeJdbc), properties, new JdbcTransactionManager(pool), clock, null);
  }

  /** {@code count} new customers; their ids in order. */
  List<Long> customers(String prefix, int count) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String waId = prefix + String.format("%06d", i);
      jdbc.sql("insert into customer (wa_id, profile_name, created_at) values (?, ?, ?)").params(waId, "Cliente", now).update();
      ids.add(jdbc.sql("select id from customer where wa_id = ?").param(waId).query(Long.class).single());
    }
    return ids;
  }

  long counted() {
    return jdbc.sql("select count(*) from messaging_limit_reach").query(Long.class).single();
  }

  long countedCustomers() {
    return jdbc.sql("select count(distinct customer_id) from messaging_limit_reach").query(Long.class).single();
  }

  @Override
  public void close() {
    pools.forEach(HikariDataSource::close);
  }

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-12-05T12:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
