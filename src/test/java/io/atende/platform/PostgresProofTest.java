package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atende.whatsapp.WhatsAppProperties;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on PostgreSQL, the production database: Flyway and Camunda both create their tables in
 * one schema of their own ({@value #SCHEMA}, dropped and created at start so reruns are clean), and a
 * signed webhook message goes all the way to the customer, message and conversation tables and a
 * started conversation process. Skipped, with the reason in the test report, when no PostgreSQL
 * answers on 127.0.0.1:5432 (database {@code test}, user {@code postgres}, trust authentication).
 */
// closed after the class: its connections to the shared PostgreSQL go back for the next tests
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        // Camunda checks for its tables in this schema (unset, tables in any schema would count) and then
        // insists on the matching table prefix for its statements; its creation scripts are unprefixed
        // and land in the connection's current schema, as do our tables through Flyway.
        "camunda.bpm.database.schema-name=" + PostgresProofTest.SCHEMA,
        "camunda.bpm.database.table-prefix=" + PostgresProofTest.SCHEMA + ".",
        "spring.flyway.schemas=" + PostgresProofTest.SCHEMA,
        "camunda.bpm.job-execution.enabled=false",
        "atende.processes.watch-interval=0"
    })
@EnabledIf(value = "postgresAnswers",
    disabledReason = "PostgreSQL proof skipped: no PostgreSQL server accepts user 'postgres' (trust) at jdbc:postgresql://127.0.0.1:5432/test")
class PostgresProofTest {

  static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String USER = "postgres";
  static final String SCHEMA = "atende_it";

  @LocalServerPort
  int port;

  @Autowired
  WhatsAppProperties whatsApp;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  RepositoryService repositoryService;

  /**
   * Whether the local PostgreSQL answers. A condition rather than an assumption in {@code @BeforeAll}:
   * a Spring test listener (process test coverage) loads the application context before
   * {@code @BeforeAll} methods run, so an assumption there would come after a failed context.
   */
  static boolean postgresAnswers() {
    try (Connection ignored = connect()) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Runs before the context starts: a fresh schema for every run. */
  @DynamicPropertySource
  static void freshSchema(DynamicPropertyRegistry registry) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("drop schema if exists " + SCHEMA + " cascade");
      statement.execute("create schema " + SCHEMA);
    }
    registry.add("spring.datasource.url", () -> URL + "?currentSchema=" + SCHEMA);
    registry.add("spring.datasource.username", () -> USER);
    registry.add("spring.datasource.password", () -> "");
  }

  static Connection connect() throws SQLException {
    Properties credentials = new Properties();
    credentials.setProperty("user", USER);
    credentials.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(URL, credentials);
  }

  @Test
  void signedWebhookMessageIsRecordedAndStartsTheConversationOnPostgres() throws Exception {
    assertThat(jdbc.sql("select current_schema()").query(String.class).single()).isEqualTo(SCHEMA);
    assertThat(jdbc.sql("select count(*) from information_schema.tables where table_schema = ? and table_name in ('act_ge_property', 'inbound_event', 'flyway_schema_history')")
        .param(SCHEMA).query(Integer.class).single()).as("Camunda's and Flyway's tables in the schema").isEqualTo(3);
    assertThat(repositoryService.createProcessDefinitionQuery().processDefinitionKey("conversation").count()).isEqualTo(1);

    HttpResponse<String> response = HttpClient.newHttpClient().send(WebhookRequests.signedPost("http://localhost:" + port,
        WebhookRequests.textMessage("5511977776666", "wamid.postgres-proof-1", "Olá, preciso de ajuda"), whatsApp.appSecret()),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() ->
        jdbc.sql("select count(*) from conversation c join customer k on k.id = c.customer_id where k.wa_id = ? and c.process_instance_id is not null")
            .param("5511977776666").query(Integer.class).single() == 1);
    assertThat(jdbc.sql("select profile_name from customer where wa_id = ?").param("5511977776666").query(String.class).single())
        .isEqualTo("Maria");
    assertThat(jdbc.sql("select body from chat_message where wa_message_id = ?").param("wamid.postgres-proof-1").query(String.class).single())
        .isEqualTo("Olá, preciso de ajuda");
    assertThat(jdbc.sql("select status from inbound_event where dedupe_key = ?").param("msg:wamid.postgres-proof-1").query(String.class).single())
        .isEqualTo("DONE");
  }
}
