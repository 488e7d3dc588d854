package io.atende.integration;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link IntegrationEventsTest} on PostgreSQL, the production database (the outbox's claim, order and lease SQL), in a
 * schema of its own dropped and created at start. Skipped when no PostgreSQL answers on 127.0.0.1:5432.
 */
// closed after the class: its connections to the shared PostgreSQL go back for the next tests
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "camunda.bpm.database.schema-name=" + IntegrationEventsOnPostgresTest.SCHEMA,
    "camunda.bpm.database.table-prefix=" + IntegrationEventsOnPostgresTest.SCHEMA + ".",
    "spring.flyway.schemas=" + IntegrationEventsOnPostgresTest.SCHEMA,
    "camunda.bpm.job-execution.enabled=false",
    "atende.processes.watch-interval=0",
    "atende.templates.sync-on-start=false",
    "atende.integration.poll-millis=100",
    "atende.integration.first-backoff=100ms",
    "atende.integration.max-backoff=200ms",
    "atende.integration.max-attempts=3"})
@EnabledIf(value = "postgresAnswers",
    disabledReason = "Integration events on PostgreSQL skipped: no PostgreSQL accepts user 'postgres' (trust) at jdbc:postgresql://127.0.0.1:5432/test")
class IntegrationEventsOnPostgresTest extends IntegrationEventsTest {

  static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String SCHEMA = "atende_integration_it";

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
