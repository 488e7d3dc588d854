package io.atende.platform;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** The service's schema (Flyway's migrations) on a fresh H2 in memory or a fresh PostgreSQL schema, for store tests. */
public final class MigratedDatabases {

  private MigratedDatabases() {}

  /**
   * {@code h2} or {@code postgres}; PostgreSQL in a schema of its own, dropped first (the test is skipped when the
   * server does not answer).
   */
  public static DataSource fresh(String database, String name) throws SQLException {
    DataSource dataSource;
    if ("postgres".equals(database)) {
      org.junit.jupiter.api.Assumptions.assumeTrue(LocalPostgres.answers(), "PostgreSQL at 127.0.0.1:5432");
      dataSource = LocalPostgres.freshSchemaDataSource(name);
    } else {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
      h2.setUser("sa");
      dataSource = h2;
    }
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    return dataSource;
  }
}
