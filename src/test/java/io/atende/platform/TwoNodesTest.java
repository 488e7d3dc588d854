package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atende.AtendeApplication;
import io.atende.whatsapp.GraphApiStub;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two instances of the service on one PostgreSQL database, as a production cluster behind a load balancer
 * runs: every customer's consecutive messages land on alternate nodes within milliseconds. Each message is
 * recorded once and in the order it was sent, each conversation gets one journey, and each bot reply that
 * left was sent once. Skipped like {@link PostgresProofTest} when no PostgreSQL answers.
 */
@EnabledIf(value = "io.atende.platform.PostgresProofTest#postgresAnswers",
    disabledReason = "Two-node test skipped: no PostgreSQL server accepts user 'postgres' (trust) at jdbc:postgresql://127.0.0.1:5432/test")
class TwoNodesTest {

  private static final String SCHEMA = "atende_nodes";
  private static final String SECRET = "two-nodes-secret";
  private static final int CUSTOMERS = 12;
  private static final List<String> TEXTS = List.of("Olá", "9", "1", "obrigado");

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
  private static JdbcClient jdbc;

  @BeforeAll
  static void startTwoNodes() throws SQLException {
    try (Connection connection = PostgresProofTest.connect(); Statement statement = connection.createStatement()) {
      statement.execute("drop schema if exists " + SCHEMA + " cascade");
      statement.execute("create schema " + SCHEMA);
    }
    // one after the other, as a rolling start does: the first creates the schema, the second finds it
    nodes.add(start("nodeA"));
    nodes.add(start("nodeB"));
    jdbc = nodes.get(0).getBean(JdbcClient.class);
  }

  @AfterAll
  static void stopNodes() {
    nodes.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void messagesOfOneCustomerSpreadOverTwoNodesAreRecordedOnceInOrderAndAnsweredOnce() throws Exception {
    // each customer's messages back to back, on alternate nodes; customers in parallel
    ExecutorService senders = Executors.newFixedThreadPool(4);
    List<Future<Void>> sent = IntStream.range(0, CUSTOMERS).mapToObj(customer -> senders.submit(() -> sendAll(customer))).toList();
    for (Future<Void> customer : sent) {
      customer.get(1, TimeUnit.MINUTES);
    }
    senders.shutdown();

    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(TwoNodesTest::settled);

    assertThat(count("select count(*) from inbound_event where status <> 'DONE'")).as("events not processed").isZero();
    assertThat(count("select count(*) from act_ru_incident")).as("incidents").isZero();
    for (int customer = 0; customer < CUSTOMERS; customer++) {
      assertRecordedOnceInOrderAndAnsweredOnce(customer);
    }
  }

  private static Void sendAll(int customer) throws Exception {
    for (int round = 0; round < TEXTS.size(); round++) {
      String body = WebhookRequests.textMessage(waId(customer), messageId(customer, round), TEXTS.get(round));
      HttpResponse<String> response = HTTP.send(WebhookRequests.signedPost(baseUrl(nodes.get((customer + round) % 2)), body, SECRET),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
    return null;
  }

  private static void assertRecordedOnceInOrderAndAnsweredOnce(int customer) {
    String waId = waId(customer);
    assertThat(jdbc.sql("""
            select m.wa_message_id from chat_message m join customer c on c.id = m.customer_id
            where c.wa_id = ? and m.direction = 'IN' order by m.id""").param(waId).query(String.class).list())
        .as("messages of customer %d, in the order they were recorded", customer)
        .containsExactlyElementsOf(IntStream.range(0, TEXTS.size()).mapToObj(round -> messageId(customer, round)).toList());
    assertThat(count("select count(*) from conversation c join customer k on k.id = c.customer_id where k.wa_id = ?", waId))
        .as("conversations of customer %d", customer).isEqualTo(1);
    assertThat(count("""
            select count(*) from act_hi_procinst p join customer k on p.business_key_ like cast(k.id as varchar) || '@%'
            where p.proc_def_key_ = 'conversation' and k.wa_id = ?""", waId))
        .as("journeys of customer %d", customer).isEqualTo(1);
    int recordedReplies = count("""
        select count(*) from chat_message m join customer c on c.id = m.customer_id
        where c.wa_id = ? and m.direction = 'OUT' and m.wa_message_id is not null""", waId);
    assertThat(recordedReplies).as("replies to customer %d", customer).isPositive();
    assertThat(GraphApiStub.shared().sendsTo(waId)).as("sends that reached the Graph API for customer %d", customer)
        .hasSize(recordedReplies);
  }

  /** Every event processed, no send on its way, no asynchronous step left: only timers (and the history cleanup) wait. */
  private static boolean settled() {
    return count("select count(*) from inbound_event where status = 'PENDING'") == 0
        && count("select count(*) from chat_message where direction = 'OUT' and status = 'PENDING'") == 0
        && count("select count(*) from act_ru_job where type_ <> 'timer' and handler_type_ <> 'history-cleanup'") == 0
        && count("select count(*) from answer_queue") == 0;
  }

  private static ConfigurableApplicationContext start(String name) {
    return new SpringApplicationBuilder(AtendeApplication.class).run(
        "--server.port=0",
        "--spring.datasource.url=" + PostgresProofTest.URL + "?currentSchema=" + SCHEMA,
        "--spring.datasource.username=" + PostgresProofTest.USER,
        "--spring.datasource.password=",
        // small pools: the local PostgreSQL allows 100 connections for every test context of the run
        "--spring.datasource.hikari.maximum-pool-size=12",
        "--spring.datasource.hikari.minimum-idle=2",
        "--camunda.bpm.job-execution.core-pool-size=4",
        "--camunda.bpm.job-execution.max-pool-size=4",
        "--camunda.bpm.database.schema-name=" + SCHEMA,
        "--camunda.bpm.database.table-prefix=" + SCHEMA + ".",
        "--camunda.bpm.process-engine-name=" + name,
        // two nodes in one JVM share a host name: each needs a name of its own for its job locks
        "--atende.node-id=" + name,
        "--spring.flyway.schemas=" + SCHEMA,
        "--atende.processes.watch-interval=0",
        "--atende.simulator.enabled=false",
        "--atende.whatsapp.api-base-url=" + GraphApiStub.shared().baseUrl(),
        "--atende.whatsapp.app-secret=" + SECRET,
        // the simulator is off: the service refuses the shipped verify token and admin password (ProductionDefaults)
        "--atende.whatsapp.verify-token=two-nodes-verify-token",
        "--camunda.bpm.admin-user.password=two-nodes-admin-password",
        "--atende.whatsapp.access-token=test-token",
        "--atende.whatsapp.media-directory=target/two-nodes/media",
        "--logging.level.root=WARN");
  }

  private static String baseUrl(ConfigurableApplicationContext node) {
    return "http://localhost:" + node.getEnvironment().getProperty("local.server.port");
  }

  private static String waId(int customer) {
    return "55119666%05d".formatted(customer);
  }

  private static String messageId(int customer, int round) {
    return "wamid.two-nodes-" + customer + "-" + round;
  }

  private static int count(String sql, Object... params) {
    return jdbc.sql(sql).params(params).query(Integer.class).single();
  }
}
