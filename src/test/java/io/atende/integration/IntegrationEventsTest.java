package io.atende.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerMessageHandler;
import io.atende.conversation.CustomerStore;
import io.atende.journey.ProtocolEvents;
import io.atende.whatsapp.SignedWebhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.transaction.support.TransactionTemplate;

/** Events out: written in the business transaction, delivered after commit to every listening route, in order per customer. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:integration-events-test;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.integration.poll-millis=100",
    "atende.integration.first-backoff=100ms",
    "atende.integration.max-backoff=200ms",
    "atende.integration.max-attempts=3"})
class IntegrationEventsTest {

  /** What each test listener received: event JSON bodies in arrival order. */
  static final List<JsonNode> A = new CopyOnWriteArrayList<>();
  static final List<JsonNode> B = new CopyOnWriteArrayList<>();
  /** Customers whose events listener A refuses (a CRM outage for them). */
  static final Set<String> FAILING_CUSTOMERS = ConcurrentHashMap.newKeySet();

  @LocalServerPort int port;
  @Autowired CamelContext camel;
  @Autowired IntegrationEvents events;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;
  @Autowired ProtocolEvents protocolEvents;
  @Autowired Outbox outbox;
  @Autowired EventListeners listeners;
  @MockitoBean CustomerMessageHandler journey;

  @BeforeEach
  void listen() throws Exception {
    A.clear();
    B.clear();
    if (camel.getRoute("test-listener-a") != null) {
      return;
    }
    camel.addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        from("direct:atende-events-test-a").routeId("test-listener-a").process(e -> {
          JsonNode event = IntegrationEvents.JSON.readTree(e.getIn().getBody(String.class));
          if (FAILING_CUSTOMERS.contains(e.getIn().getHeader(EventDrainer.CUSTOMER, String.class))) {
            throw new IllegalStateException("CRM down");
          }
          A.add(event);
        });
        from("direct:atende-events-test-b").routeId("test-listener-b")
            .process(e -> B.add(IntegrationEvents.JSON.readTree(e.getIn().getBody(String.class))));
      }
    });
  }

  @Test
  void aCustomerMessageReachesEveryListeningRouteAsTypedJson() {
    long at = Instant.now().getEpochSecond();
    assertThat(new SignedWebhook(port).post(SignedWebhook.text("5511977770001", "Ana Lima", "wamid.INT1", "quero meu boleto", at))
        .statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> find(A, "wamid.INT1") != null && find(B, "wamid.INT1") != null);
    JsonNode event = find(A, "wamid.INT1");
    assertThat(event.get("type").asText()).isEqualTo(IntegrationEvent.CUSTOMER_MESSAGE_RECEIVED);
    assertThat(event.get("version").asInt()).isEqualTo(1);
    assertThat(event.get("id").asText()).hasSize(36);
    assertThat(event.get("occurredAt").asText()).isNotBlank();
    JsonNode data = event.get("data");
    assertThat(data.get("customer").get("phone").asText()).isEqualTo("5511977770001");
    assertThat(data.get("customer").get("name").asText()).isEqualTo("Ana Lima");
    assertThat(data.get("businessNumber").asText()).isEqualTo("106540352242922");
    assertThat(data.get("messageType").asText()).isEqualTo("text");
    assertThat(data.get("text").asText()).isEqualTo("quero meu boleto");
    assertThat(find(B, "wamid.INT1").get("id").asText()).isEqualTo(event.get("id").asText());
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> count(A, "wamid.INT1") == 1);
    assertThat(jdbc.sql("select count(*) from chat_message where wa_message_id = 'wamid.INT1'").query(Long.class).single())
        .as("the customer's message is recorded once").isEqualTo(1);
  }

  @Test
  void aRolledBackTransactionPublishesNothing() {
    transactions.executeWithoutResult(status -> {
      events.publish("test.rolled-back", 9100, new IntegrationEvent.Media("x", "y", "z"));
      status.setRollbackOnly();
    });
    assertThat(jdbc.sql("select count(*) from integration_event where event_type = 'test.rolled-back'").query(Long.class).single())
        .isZero();
  }

  @Test
  void aFailingListenerHoldsBackOnlyItsCustomerKeepsTheOrderAndLosesNothing() {
    FAILING_CUSTOMERS.add("customer:9201");
    transactions.executeWithoutResult(status -> {
      events.publish("test.first", 9201, new IntegrationEvent.Media("1", null, null));
      events.publish("test.second", 9201, new IntegrationEvent.Media("2", null, null));
      events.publish("test.other", 9202, new IntegrationEvent.Media("3", null, null));
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> ofCustomer(A, 9202).size() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> attempts("test.first") >= 1);
    assertThat(ofCustomer(A, 9201)).as("the failing customer's events wait").isEmpty();
    assertThat(status("test.second")).isEqualTo("PENDING");
    FAILING_CUSTOMERS.remove("customer:9201");
    await().atMost(Duration.ofSeconds(20)).until(() -> ofCustomer(A, 9201).size() == 2);
    assertThat(ofCustomer(A, 9201)).extracting(e -> e.get("type").asText()).containsExactly("test.first", "test.second");
    assertThat(ofCustomer(B, 9201)).extracting(e -> e.get("type").asText())
        .as("at least once: listener B saw the first event again on each retry, in order").endsWith("test.first", "test.second");
  }

  @Test
  void anEventNoListenerTakesIsDeadLetteredThenReplayedByAnAdministrator() throws Exception {
    FAILING_CUSTOMERS.add("customer:9301");
    transactions.executeWithoutResult(status -> events.publish("test.dead", 9301, new IntegrationEvent.Media("d", null, null)));
    await().atMost(Duration.ofSeconds(20)).until(() -> "DEAD".equals(status("test.dead")));
    transactions.executeWithoutResult(status -> events.publish("test.after-dead", 9301, new IntegrationEvent.Media("e", null, null)));
    FAILING_CUSTOMERS.remove("customer:9301");
    await().atMost(Duration.ofSeconds(20)).until(() -> ofCustomer(A, 9301).size() == 1);

    HttpResponse<String> anonymous = http("GET", "/api/integration/dead-letters", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<String> agent = http("GET", "/api/integration/dead-letters", "ana:ana");
    assertThat(agent.statusCode()).as("an agent is no administrator").isEqualTo(403);
    assertThat(http("POST", "/api/integration/dead-letters/1/replay", "ana:ana").statusCode()).isEqualTo(403);
    HttpResponse<String> list = http("GET", "/api/integration/dead-letters", "admin:admin");
    assertThat(list.statusCode()).isEqualTo(200);
    long id = jdbc.sql("select id from integration_event where event_type = 'test.dead'").query(Long.class).single();
    assertThat(list.body()).contains("\"type\":\"test.dead\"").contains("CRM down").contains("\"attempts\":3");
    assertThat(http("POST", "/api/integration/dead-letters/" + id + "/replay", "admin:admin").statusCode()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(20)).until(() -> ofCustomer(A, 9301).size() == 2);
    assertThat(ofCustomer(A, 9301)).extracting(e -> e.get("type").asText()).containsExactly("test.after-dead", "test.dead");
    HttpResponse<String> again = http("POST", "/api/integration/dead-letters/" + id + "/replay", "admin:admin");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    assertThat(http("POST", "/api/integration/dead-letters/999999/replay", "admin:admin").statusCode()).isEqualTo(404);
  }

  @Test
  void anEventANodeWasDeliveringWhenItDiedIsDeliveredOnceItsLeaseEnds() {
    // the outbox survives restarts: a row leased by a node that died (here: a lease of 2 seconds) waits for the lease
    transactions.executeWithoutResult(status -> events.publish("test.orphan", 9401, new IntegrationEvent.Media("o", null, null)));
    jdbc.sql("update integration_event set locked_by = 'dead-node', locked_until = ? where event_type = 'test.orphan'")
        .param(java.sql.Timestamp.from(Instant.now().plusSeconds(2))).update();
    await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(2)).until(() -> ofCustomer(A, 9401).isEmpty());
    await().atMost(Duration.ofSeconds(20)).until(() -> ofCustomer(A, 9401).size() == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> "DELIVERED".equals(status("test.orphan")));
  }

  @Test
  void withNoRouteListeningDueEventsAreMarkedDeliveredOldestFirstAndALeasedOneIsLeftToItsNode() {
    // rows due an hour from now, out of the drainer's reach; the outbox is asked as if it were then. Events other tests
    // of this class left pending (a failing listener's retries) would come first: they are set aside
    // (whole milliseconds: the column keeps microseconds and rounds, so a stored 'later' could come out after 'later')
    Instant later = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    FAILING_CUSTOMERS.clear();
    await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
        "select count(*) from integration_event where status = 'PENDING' and locked_until > ?").param(java.sql.Timestamp.from(Instant.now()))
        .query(Integer.class).single() == 0);
    jdbc.sql("update integration_event set status = 'DELIVERED' where status = 'PENDING'").update();
    transactions.executeWithoutResult(status -> {
      for (int i = 1; i <= 5; i++) {
        events.publish("test.unheard-" + i, 9500 + i, new IntegrationEvent.Media("u" + i, null, null));
      }
      // before the commit: the drainer never sees them due now
      jdbc.sql("update integration_event set next_attempt_at = ? where event_type like 'test.unheard-%'")
          .param(java.sql.Timestamp.from(later)).update();
    });
    jdbc.sql("update integration_event set locked_by = 'other-node', locked_until = ? where event_type = 'test.unheard-2'")
        .param(java.sql.Timestamp.from(later.plusSeconds(60))).update();

    assertThat(outbox.deliveredToNoListener(later, 2)).isEqualTo(2);
    assertThat(List.of(1, 2, 3, 4, 5)).extracting(i -> status("test.unheard-" + i))
        .containsExactly("DELIVERED", "PENDING", "DELIVERED", "PENDING", "PENDING");
    assertThat(outbox.deliveredToNoListener(later, 10)).isEqualTo(2);
    assertThat(List.of(1, 2, 3, 4, 5)).extracting(i -> status("test.unheard-" + i))
        .containsExactly("DELIVERED", "PENDING", "DELIVERED", "DELIVERED", "DELIVERED");
    assertThat(attempts("test.unheard-4")).isEqualTo(1);
    assertThat(outbox.deliveredToNoListener(later, 10)).as("the leased row is the other node's").isZero();
  }

  @Test
  void withNoRouteListeningAnEventIsNotWrittenAndWithOneItWaitsForIt() throws Exception {
    for (String route : List.of("test-listener-a", "test-listener-b")) {
      camel.getRouteController().stopRoute(route);
      camel.removeRoute(route);
    }
    assertThat(listeners.endpoints()).as("no other route listens in this test's service").isEmpty();
    transactions.executeWithoutResult(status -> {
      events.publish("test.alone-1", 9601, new IntegrationEvent.Media("a1", null, null));
      events.publishAll(List.of(new IntegrationEvents.Publication<>("test.alone-2", 9602, new IntegrationEvent.Media("a2", null, null))));
    });
    assertThat(jdbc.sql("select count(*) from integration_event where event_type in ('test.alone-1', 'test.alone-2')")
        .query(Integer.class).single()).as("nobody would ever read them").isZero();

    listen();
    transactions.executeWithoutResult(status -> events.publishAll(List.of(
        new IntegrationEvents.Publication<>("test.heard", 9603, new IntegrationEvent.Media("h", null, null)))));
    await().atMost(Duration.ofSeconds(10)).until(() -> ofCustomer(A, 9603).size() == 1 && ofCustomer(B, 9603).size() == 1);
    assertThat(status("test.heard")).isEqualTo("DELIVERED");
    assertThat(attempts("test.heard")).isEqualTo(1);
  }

  @Test
  void eventIdsAreTimeOrderedUuidsThatSortInTheOrderTheEventsWerePublished() {
    List<IntegrationEvents.Publication<IntegrationEvent.Media>> publications = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      publications.add(new IntegrationEvents.Publication<>("test.ordered", 9700 + i, new IntegrationEvent.Media("o" + i, null, null)));
    }
    List<String> ids = new java.util.ArrayList<>();
    transactions.executeWithoutResult(status -> {
      events.publishAll(publications).forEach(e -> ids.add(e.id()));
      ids.add(events.publish("test.ordered", 9999, new IntegrationEvent.Media("last", null, null)).id());
    });
    assertThat(ids).allSatisfy(id -> assertThat(java.util.UUID.fromString(id).version()).as(id).isEqualTo(7));
    assertThat(ids).doesNotHaveDuplicates().isSorted();
    assertThat(jdbc.sql("select event_id from integration_event where event_type = 'test.ordered' order by id").query(String.class).list())
        .containsExactlyElementsOf(ids);
  }

  @Test
  void theProtocolTrailIsPublishedAsProtocolEvents() {
    var customer = customers.findOrCreate("5511977770002", "Bruno");
    var conversation = conversations.open(customer.id(), "106540352242922");
    transactions.executeWithoutResult(status -> {
      protocolEvents.record(conversation.id(), "20261206-000001", ProtocolEvents.Type.OPENED, null, "financeiro", null, null);
      protocolEvents.record(conversation.id(), "20261206-000001", ProtocolEvents.Type.TRANSFERRED_TO_AGENT, "maria", "financeiro", "joao", null);
      protocolEvents.record(conversation.id(), "20261206-000001", ProtocolEvents.Type.CLOSED, "joao", "financeiro", "joao", null);
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> ofCustomer(A, customer.id()).size() == 3);
    List<JsonNode> got = ofCustomer(A, customer.id());
    assertThat(got).extracting(e -> e.get("type").asText())
        .containsExactly("protocol.opened", "protocol.transferred-to-agent", "protocol.closed");
    JsonNode transferred = got.get(1).get("data");
    assertThat(transferred.get("protocol").asText()).isEqualTo("20261206-000001");
    assertThat(transferred.get("queue").asText()).isEqualTo("financeiro");
    assertThat(transferred.get("agent").asText()).isEqualTo("joao");
    assertThat(transferred.get("actor").asText()).isEqualTo("maria");
    assertThat(transferred.get("businessNumber").asText()).isEqualTo("106540352242922");
  }

  private int attempts(String type) {
    return jdbc.sql("select attempts from integration_event where event_type = ?").param(type).query(Integer.class).single();
  }

  private String status(String type) {
    return jdbc.sql("select status from integration_event where event_type = ?").param(type).query(String.class).single();
  }

  private static List<JsonNode> ofCustomer(List<JsonNode> got, long customerId) {
    return got.stream().filter(e -> e.get("customerId").asLong() == customerId).toList();
  }

  private static long count(List<JsonNode> got, String waMessageId) {
    return got.stream().filter(e -> e.get("data").has("waMessageId") && waMessageId.equals(e.get("data").get("waMessageId").asText()))
        .count();
  }

  private static JsonNode find(List<JsonNode> got, String waMessageId) {
    return got.stream().filter(e -> e.get("data").has("waMessageId") && waMessageId.equals(e.get("data").get("waMessageId").asText()))
        .findFirst().orElse(null);
  }

  private HttpResponse<String> http(String method, String path, String credentials) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (credentials != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
