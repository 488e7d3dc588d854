package io.atende.agent;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link AgentsApiTest} on PostgreSQL, the production database, in a schema of its own ({@value #SCHEMA}, dropped and
 * created at start): above all the agent's lock under simultaneous claims and the settings' SQL. Skipped when no
 * PostgreSQL answers on 127.0.0.1:5432 (database {@code test}, user {@code postgres}, trust).
 */
// closed after the class: its connections to the shared PostgreSQL go back for the next tests
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "camunda.bpm.database.schema-name=" + AgentsOnPostgresTest.SCHEMA,
    "camunda.bpm.database.table-prefix=" + AgentsOnPostgresTest.SCHEMA + ".",
    "spring.flyway.schemas=" + AgentsOnPostgresTest.SCHEMA,
    "camunda.bpm.job-execution.enabled=false",
    "atende.processes.watch-interval=0",
    "atende.templates.sync-on-start=false"})
@EnabledIf(value = "postgresAnswers",
    disabledReason = "Agents on PostgreSQL skipped: no PostgreSQL accepts user 'postgres' (trust) at jdbc:postgresql://127.0.0.1:5432/test")
class AgentsOnPostgresTest extends AgentsApiTest {

  static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String SCHEMA = "atende_access_it";

  static boolean postgresAnswers() {
    return io.atende.platform.LocalPostgres.answers();
  }

  @DynamicPropertySource
  static void freshSchema(DynamicPropertyRegistry registry) throws SQLException {
    io.atende.platform.LocalPostgres.freshSchema(registry, SCHEMA);
  }

  static Connection connect() throws SQLException {
    return io.atende.platform.LocalPostgres.connect();
  }
}
