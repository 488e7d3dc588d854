package io.atende.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The PostgreSQL server of dev and CI machines (127.0.0.1:5432, database test, user postgres, trust), for tests. */
public final class LocalPostgres {

  public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

  private LocalPostgres() {}

  /** Whether the server answers; tests that need it are skipped when it does not. */
  public static boolean answers() {
    try (Connection ignored = connect()) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  public static Connection connect() throws SQLException {
    Properties credentials = new Properties();
    credentials.setProperty("user", "postgres");
    credentials.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(URL, credentials);
  }

  /** Drops and creates the schema, and points the service's data source at it. */
  public static void freshSchema(DynamicPropertyRegistry registry, String schema) throws SQLException {
    dropAndCreate(schema);
    registry.add("spring.datasource.url", () -> URL + "?currentSchema=" + schema);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
  }

  /**
   * Drops and creates the schema, and gives the command-line arguments that put the whole service in it (its data
   * source, Camunda's tables, Flyway's), for a service started as a process or an application of its own;
   * {@code applicationName} (or null) names its connections in {@code pg_stat_activity}.
   */
  public static java.util.List<String> freshSchemaArguments(String schema, String applicationName) throws SQLException {
    dropAndCreate(schema);
    return java.util.List.of(
        "--spring.datasource.url=" + URL + "?currentSchema=" + schema + (applicationName == null ? "" : "&ApplicationName=" + applicationName),
        "--spring.datasource.username=postgres", "--spring.datasource.password=",
        "--camunda.bpm.database.schema-name=" + schema, "--camunda.bpm.database.table-prefix=" + schema + ".",
        "--spring.flyway.schemas=" + schema);
  }

  /** Drops and creates the schema, and a data source of one connection (kept open until destroyed) that works in it. */
  public static SingleConnectionDataSource freshSchemaDataSource(String schema) throws SQLException {
    dropAndCreate(schema);
    return new SingleConnectionDataSource(URL + "?currentSchema=" + schema, "postgres", "", true);
  }

  private static void dropAndCreate(String schema) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("drop schema if exists " + schema + " cascade");
      statement.execute("create schema " + schema);
    }
  }
}
