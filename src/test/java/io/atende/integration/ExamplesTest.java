package io.atende.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.atende.conversation.CustomerStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The two examples of routes/examples, enabled as the README says (here: by the include pattern), against a real
 * local HTTP server as the CRM and the bundled Cloud API simulator; and the commands they stand on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:integration-examples;DB_CLOSE_DELAY=-1",
    "camel.main.routes-include-pattern=file:routes/*.yaml,file:routes/examples/crm-webhook.yaml,file:routes/examples/erp-notify.yaml",
    "atende.simulator.sent-delay=50ms",
    "atende.simulator.delivered-delay=100ms",
    "atende.whatsapp.inbound-sweep-interval=200ms",
    "atende.whatsapp.media-directory=target/integration-media",
    "atende.integration.poll-millis=100",
    "atende.integration.first-backoff=100ms",
    "atende.integration.max-backoff=300ms",
    "atende.integration.max-attempts=1000"})
class ExamplesTest {

  static final String NUMBER = "106540352242922";
  static final Duration STEP = Duration.ofSeconds(40);

  /** The CRM: a real HTTP server that answers 500 while {@link #DOWN}, and keeps what it accepted, in order. */
  static final HttpServer CRM;
  static final List<JsonNode> ACCEPTED = new CopyOnWriteArrayList<>();
  static final List<String> IDEMPOTENCY_KEYS = new CopyOnWriteArrayList<>();
  static final AtomicBoolean DOWN = new AtomicBoolean();
  static final AtomicInteger REFUSED = new AtomicInteger();

  static {
    try {
      CRM = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    CRM.createContext("/crm", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      int status;
      if (!"POST".equals(exchange.getRequestMethod())) {
        status = 405;
      } else if (DOWN.get()) {
        REFUSED.incrementAndGet();
        status = 500;
      } else {
        ACCEPTED.add(IntegrationEvents.JSON.readTree(new String(body, StandardCharsets.UTF_8)));
        IDEMPOTENCY_KEYS.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
        status = 200;
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    CRM.start();
  }

  @DynamicPropertySource
  static void crm(DynamicPropertyRegistry registry) {
    registry.add("atende.examples.crm-url", () -> "http://127.0.0.1:" + CRM.getAddress().getPort() + "/crm");
  }

  @AfterAll
  static void stopCrm() {
    CRM.stop(0);
  }

  @Autowired TestRestTemplate rest;
  @Autowired ProducerTemplate camel;
  @Autowired JdbcClient jdbc;
  @Autowired CustomerStore customers;

  @Test
  void crmWebhookPostsEveryCustomerMessageAndACrmOutageNeitherLosesNorReordersThem() {
    String customer = "5511987660001";
    DOWN.set(true);
    say(customer, "Carla", "primeira");
    say(customer, "Carla", "segunda");
    say(customer, "Carla", "terceira");
    await().atMost(STEP).until(() -> REFUSED.get() >= 3);
    assertThat(texts(customer)).as("nothing accepted while the CRM is down").isEmpty();

    DOWN.set(false);
    await().atMost(STEP).until(() -> texts(customer).size() >= 3);
    assertThat(texts(customer)).containsExactly("primeira", "segunda", "terceira");
    assertThat(ACCEPTED).allSatisfy(e -> assertThat(e.get("type").asText()).isEqualTo("customer-message.received"));
    List<JsonNode> mine = ofCustomer(customer);
    assertThat(mine.get(0).get("data").get("customer").get("name").asText()).isEqualTo("Carla");
    assertThat(mine.get(0).get("data").get("businessNumber").asText()).isEqualTo(NUMBER);
    assertThat(IDEMPOTENCY_KEYS).contains(mine.get(0).get("id").asText());
    assertThat(mine).as("the first message names the conversation the journey opened for it, like the later ones")
        .allSatisfy(e -> assertThat(e.path("data").path("conversationId").asLong()).isPositive())
        .extracting(e -> e.path("data").path("conversationId").asLong()).containsOnly(mine.get(0).path("data").path("conversationId").asLong());
  }

  @Test
  void erpNotifySendsTheTemplateAsTheAuthenticatedUserAndTheTextCommandHonoursTheWindow() throws Exception {
    await().atMost(STEP).until(() -> approvedTemplates().contains("recontato"));
    String customer = "5511987660002";
    Map<String, Object> notify = Map.of("phoneNumberId", NUMBER, "phone", "+55 (11) 98766-0002", "template", "recontato",
        "language", "pt_BR", "variables", List.of("Maria"));

    assertThat(rest.exchange("/integrations/erp/notify", HttpMethod.POST, json(notify), String.class).getStatusCode())
        .as("anonymous").isEqualTo(HttpStatus.UNAUTHORIZED);

    ResponseEntity<JsonNode> sent = rest.withBasicAuth("ana", "ana")
        .exchange("/integrations/erp/notify", HttpMethod.POST, json(notify), JsonNode.class);
    assertThat(sent.getStatusCode()).as(String.valueOf(sent.getBody())).isEqualTo(HttpStatus.OK);
    assertThat(sent.getBody().path("outcome").asText()).isEqualTo("SENT");
    String protocol = sent.getBody().path("protocol").asText();
    assertThat(protocol).matches("\\d{8}-\\d{6}");
    await().atMost(STEP).until(() -> businessMessages(customer).stream().anyMatch(t -> t.startsWith("Olá, Maria!")));
    long customerId = customers.findByWaId(customer).orElseThrow().id();
    await().atMost(STEP).until(() -> delivered(customerId, "active-contact.sent") == 1);
    await().atMost(STEP).until(() -> delivered(customerId, "protocol.opened") == 1);
    await().atMost(STEP).until(() -> delivered(customerId, "message-status.changed") >= 2);
    JsonNode contact = event(customerId, "active-contact.sent").get(0);
    assertThat(contact.path("version").asInt()).isEqualTo(1);
    assertThat(contact.path("id").asText()).hasSize(36);
    assertThat(contact.path("data").path("protocol").asText()).isEqualTo(protocol);
    assertThat(contact.path("data").path("businessNumber").asText()).isEqualTo(NUMBER);
    assertThat(contact.path("data").path("origin").asText()).isEqualTo("active-contact");
    assertThat(contact.path("data").path("agent").asText()).as("the authenticated caller").isEqualTo("ana");
    assertThat(contact.path("data").path("template").asText()).isEqualTo("recontato");
    assertThat(contact.path("data").path("language").asText()).isEqualTo("pt_BR");
    assertThat(contact.path("data").path("variables").get(0).asText()).isEqualTo("Maria");
    long conversationId = contact.path("data").path("conversationId").asLong();
    List<JsonNode> statuses = event(customerId, "message-status.changed");
    assertThat(statuses).extracting(e -> e.path("data").path("status").asText()).as("in the order Meta sent them")
        .containsSubsequence("sent", "delivered");
    assertThat(statuses).allSatisfy(e -> {
      assertThat(e.path("data").path("conversationId").asLong()).isEqualTo(conversationId);
      assertThat(e.path("data").path("businessNumber").asText()).isEqualTo(NUMBER);
      assertThat(e.path("data").path("waMessageId").asText()).startsWith("wamid.");
      assertThat(e.path("data").path("messageId").asLong()).isPositive();
      assertThat(e.path("data").path("errorCode").isNull()).isTrue();
    });

    ResponseEntity<JsonNode> wrongNumber = rest.withBasicAuth("ana", "ana").exchange("/integrations/erp/notify", HttpMethod.POST,
        json(Map.of("phoneNumberId", "999", "phone", "11987660003", "template", "recontato", "language", "pt_BR")), JsonNode.class);
    assertThat(wrongNumber.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(wrongNumber.getHeaders().getContentType().toString()).contains("problem+json");
    assertThat(wrongNumber.getBody().path("reason").asText()).isEqualTo("UNKNOWN_NUMBER");

    String text = "{\"phoneNumberId\":\"" + NUMBER + "\",\"phone\":\"11 98766-0002\",\"text\":\"Seu pedido saiu\"}";
    assertThatThrownBy(() -> camel.requestBody(AtendeCommands.SEND_TEXT, text))
        .isInstanceOf(CamelExecutionException.class)
        .cause().isInstanceOf(AtendeCommands.CommandRefusedException.class).hasMessageStartingWith("OUTSIDE_WINDOW");

    say(customer, "Maria", "Oi, pode falar");
    await().atMost(STEP).until(() -> delivered(customerId, "customer-message.received") == 1);
    Object outcome = camel.requestBodyAndHeader(AtendeCommands.SEND_TEXT, text, AtendeCommands.SEND_KEY, "erp-42");
    assertThat(outcome).isInstanceOfSatisfying(AtendeCommands.Outcome.class, o -> {
      assertThat(o.outcome()).isEqualTo("SENT");
      assertThat(o.protocol()).isEqualTo(protocol);
    });
    await().atMost(STEP).until(() -> businessMessages(customer).contains("Seu pedido saiu"));
    camel.requestBodyAndHeader(AtendeCommands.SEND_TEXT, text, AtendeCommands.SEND_KEY, "erp-42");
    assertThat(businessMessages(customer).stream().filter("Seu pedido saiu"::equals)).as("same key, sent once").hasSize(1);
  }

  @Test
  void aRouteOpensAProtocolForANamedUserWithTheSameRulesAsTheDesk() {
    await().atMost(STEP).until(() -> approvedTemplates().contains("recontato"));
    String body = "{\"phoneNumberId\":\"" + NUMBER + "\",\"phone\":\"11987660005\",\"name\":\"Rui\","
        + "\"template\":\"recontato\",\"language\":\"pt_BR\",\"variables\":[\"Rui\"]}";
    Object opened = camel.requestBodyAndHeader(AtendeCommands.OPEN_PROTOCOL, body, AtendeCommands.USER, "ana");
    assertThat(opened).isInstanceOfSatisfying(AtendeCommands.Outcome.class, o -> {
      assertThat(o.outcome()).isEqualTo("SENT");
      assertThat(o.protocol()).matches("\\d{8}-\\d{6}");
    });
    await().atMost(STEP).until(() -> businessMessages("5511987660005").stream().anyMatch(t -> t.startsWith("Olá, Rui!")));
    Object again = camel.requestBodyAndHeader(AtendeCommands.OPEN_PROTOCOL, body, AtendeCommands.USER, "ana");
    assertThat(again).isInstanceOfSatisfying(AtendeCommands.Outcome.class, o -> {
      assertThat(o.outcome()).as("the customer is in service now: no second protocol").isIn("IN_SERVICE", "CONTACT_EXISTS");
      assertThat(o.message()).isNotBlank();
    });
    assertThat(businessMessages("5511987660005").stream().filter(t -> t.startsWith("Olá, Rui!"))).hasSize(1);
  }

  @Test
  void theTemplateCommandNeedsARealUserWhenCalledFromARoute() {
    String body = "{\"phoneNumberId\":\"" + NUMBER + "\",\"phone\":\"11987660004\",\"template\":\"recontato\",\"language\":\"pt_BR\"}";
    assertThatThrownBy(() -> camel.requestBodyAndHeader(AtendeCommands.SEND_TEMPLATE, body, AtendeCommands.USER, "nobody"))
        .cause().isInstanceOf(AtendeCommands.CommandRefusedException.class).hasMessageStartingWith("FORBIDDEN");
    assertThatThrownBy(() -> camel.requestBody(AtendeCommands.SEND_TEMPLATE, "not json"))
        .cause().isInstanceOf(AtendeCommands.CommandRefusedException.class).hasMessageStartingWith("INVALID");
  }

  private long delivered(long customerId, String type) {
    return jdbc.sql("select count(*) from integration_event where customer_key = ? and event_type = ? and status = 'DELIVERED'")
        .params("customer:" + customerId, type).query(Long.class).single();
  }

  /** The JSON bodies of a customer's events of a type, oldest first (what every listening route receives). */
  private List<JsonNode> event(long customerId, String type) {
    return jdbc.sql("select body from integration_event where customer_key = ? and event_type = ? order by id")
        .params("customer:" + customerId, type).query(String.class).list().stream().map(body -> {
          try {
            return IntegrationEvents.JSON.readTree(body);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }).toList();
  }

  private static List<JsonNode> ofCustomer(String waId) {
    return ACCEPTED.stream().filter(e -> waId.equals(e.get("data").get("customer").get("phone").asText())).toList();
  }

  private static List<String> texts(String waId) {
    return ofCustomer(waId).stream().map(e -> e.get("data").get("text").asText()).toList();
  }

  private HttpEntity<Object> json(Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }

  private List<String> approvedTemplates() {
    JsonNode list = rest.withBasicAuth("ana", "ana").getForObject("/api/templates?status=APPROVED", JsonNode.class);
    return StreamSupport.stream(list.spliterator(), false).map(t -> t.path("name").asText()).toList();
  }

  private void say(String customer, String name, String text) {
    var response = rest.postForEntity("/simulator/api/customers/" + customer + "/messages", Map.of("name", name, "text", text), String.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
  }

  private List<String> businessMessages(String customer) {
    JsonNode chat = rest.getForObject("/simulator/api/customers/" + customer + "/messages", JsonNode.class);
    return StreamSupport.stream(chat.path("messages").spliterator(), false)
        .filter(m -> "outbound".equals(m.path("direction").asText()))
        .map(m -> m.path("content").path("text").asText(""))
        .toList();
  }
}
