package io.atende.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.MessageLog;
import io.atende.conversation.MessageSender;
import io.atende.conversation.MessageSender.PreparedTemplate;
import io.atende.conversation.MessageSender.TemplateRequest;
import io.atende.whatsapp.DeliveryStatus;
import io.atende.whatsapp.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The messaging limit and costs in the whole service, with the bundled simulator as WhatsApp (it answers sends and
 * notifies statuses with Meta's pricing) and two business numbers: the window belongs to a customer and a number,
 * business-initiated templates count (limit 3 here), replies inside the window never do, a refused send leaves
 * nothing and is kept as not sent, and the costs endpoint sums the pricing the webhooks brought. (The refusal over
 * HTTP, through the desk's template way out: {@code io.atende.agent.DeskTemplateLimitTest}.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:messaging-limits-test;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.processes.watch-interval=0",
    "atende.messaging-limits.limit=3",
    "atende.whatsapp.numbers[0].phone-number-id=" + MessagingLimitsServiceTest.NUMBER_A,
    "atende.whatsapp.numbers[0].display-phone-number=5511940000000",
    "atende.whatsapp.numbers[1].phone-number-id=" + MessagingLimitsServiceTest.NUMBER_B,
    "atende.whatsapp.numbers[1].display-phone-number=5511940000007",
    "atende.simulator.templates[0].name=aviso_conta",
    "atende.simulator.templates[0].category=UTILITY",
    "atende.simulator.templates[0].body=Olá {{1}}, sua conta já está disponível.",
    "atende.simulator.templates[1].name=oferta_semana",
    "atende.simulator.templates[1].category=MARKETING",
    "atende.simulator.templates[1].body=Oferta da semana para você, {{1}}!"})
class MessagingLimitsServiceTest {

  static final String NUMBER_A = "106540352242922";
  static final String NUMBER_B = "200000000000007";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final AtomicInteger phones = new AtomicInteger();

  @Autowired TestRestTemplate rest;
  @Autowired MessageSender sender;
  @Autowired MessagingLimits limits;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;
  @Autowired ServiceWindows windows;
  @Autowired MessageLog messages;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void nobodyCountedAndTheConfiguredLimit() {
    jdbc.sql("delete from messaging_limit_reach").update();
    jdbc.sql("update messaging_limit_setting set tier = null, limit_value = null, updated_by = null, updated_at = null").update();
  }

  // ---- the window belongs to a customer and a number ----

  @Test
  void aCustomerWhoWroteToNumberAHasAClosedWindowOnNumberB() {
    String phone = newPhone();
    long customer = customerWrites(phone, NUMBER_A, "Oi, quero saber da minha conta");
    long onA = conversation(customer, NUMBER_A);
    long onB = conversation(customer, NUMBER_B);

    assertThat(windows.of(customer, NUMBER_A).open(Instant.now())).isTrue();
    assertThat(windows.of(customer, NUMBER_B).open(Instant.now())).isFalse();
    assertThat(windows.of(customer, NUMBER_B).lastInboundAt()).isNull();
    assertThatThrownBy(() -> sender.sendText(onB, "window-b-" + phone, "ana", "Olá pelo outro número"))
        .isInstanceOf(MessageSender.OutsideServiceWindowException.class);
    assertThat(sender.sendText(onA, "window-a-" + phone, "ana", "Olá, pode falar").status()).isEqualTo(DeliveryStatus.ACCEPTED);

    // a template on A is a reply inside the window: never counted; the same template on B is business-initiated
    sender.sendTemplate(onA, "window-tpl-a-" + phone, "ana", oferta());
    assertThat(limits.usage().used()).isZero();
    sender.sendTemplate(onB, "window-tpl-b-" + phone, "ana", oferta());
    assertThat(limits.usage().used()).isEqualTo(1);
  }

  // ---- the limit ----

  @Test
  void theFourthUniqueCustomerIsRefusedAtALimitOfThreeNothingLeavesAndTheSameCustomerCountsOnce() {
    List<Long> reached = List.of(newConversation(NUMBER_A), newConversation(NUMBER_B), newConversation(NUMBER_A));
    for (int i = 0; i < reached.size(); i++) {
      sender.sendTemplate(reached.get(i), "limit-" + reached.get(i), "ana", oferta());
      assertThat(limits.usage().used()).isEqualTo(i + 1);
    }
    // a second template to a customer already counted, on the other number: sent, not counted again
    long againOnOtherNumber = conversation(conversations.findById(reached.get(0)).orElseThrow().customerId(), NUMBER_B);
    assertThat(sender.sendTemplate(againOnOtherNumber, "limit-again-" + againOnOtherNumber, "ana",
        TemplateRequest.of("aviso_conta", "pt_BR", List.of("Ana"))).status()).isEqualTo(DeliveryStatus.ACCEPTED);
    assertThat(limits.usage().used()).isEqualTo(3);

    long fourth = newConversation(NUMBER_A);
    String fourthPhone = customers.findById(conversations.findById(fourth).orElseThrow().customerId()).orElseThrow().waId();
    assertThatThrownBy(() -> sender.sendTemplate(fourth, "limit-" + fourth, "ana", oferta()))
        .isInstanceOf(MessagingLimitReachedException.class)
        .hasMessageStartingWith("Limite de mensagens atingido: 3 clientes únicos em 24 horas")
        .satisfies(e -> assertThat(((MessagingLimitReachedException) e).reservation().outcome())
            .isEqualTo(Reservation.Outcome.REFUSED));

    MessageLog.Entry refused = messages.findBySendKey("limit-" + fourth).orElseThrow();
    assertThat(refused.status()).as("kept in the history as not sent, never dropped silently").isEqualTo(DeliveryStatus.FAILED);
    assertThat(refused.waMessageId()).isNull();
    assertThat(refused.errorDetails()).startsWith("Limite de mensagens atingido");
    JsonNode chat = rest.getForObject("/simulator/api/customers/" + fourthPhone + "/messages?markRead=false", JsonNode.class);
    assertThat(chat.path("messages").size()).as("WhatsApp never received it").isZero();
    String firstPhone = customers.findById(conversations.findById(reached.get(0)).orElseThrow().customerId()).orElseThrow().waId();
    assertThat(rest.getForObject("/simulator/api/customers/" + firstPhone + "/messages?markRead=false", JsonNode.class)
        .path("messages").size()).as("while the counted ones did").isEqualTo(2);
    assertThat(limits.usage().used()).isEqualTo(3);
  }

  // ---- the API ----

  @Test
  void anyUserReadsTheLimitOnlyAnAdministratorChangesItAndTheChangeHoldsForEveryReservation() {
    sender.sendTemplate(newConversation(NUMBER_A), "api-" + phones.incrementAndGet(), "ana", oferta());

    JsonNode read = as("ana").getForObject("/api/messaging-limits", JsonNode.class);
    assertThat(read.path("used").asLong()).isEqualTo(1);
    assertThat(read.path("limit").asLong()).isEqualTo(3);
    assertThat(read.path("remaining").asLong()).isEqualTo(2);
    assertThat(read.path("tier").asText()).isEqualTo("TIER_2K");
    assertThat(read.path("explicitLimit").asBoolean()).isTrue();

    ResponseEntity<JsonNode> hostile = as("bruno").exchange("/api/messaging-limits", HttpMethod.PUT,
        new HttpEntity<>(Map.of("tier", "UNLIMITED")), JsonNode.class);
    assertThat(hostile.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(hostile.getBody().path("detail").asText()).contains("camunda-admin");
    assertThat(limits.usage().limit()).isEqualTo(3);
    assertThat(rest.getForEntity("/api/messaging-limits", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

    ResponseEntity<JsonNode> one = as("admin").exchange("/api/messaging-limits", HttpMethod.PUT,
        new HttpEntity<>(Map.of("limit", 1)), JsonNode.class);
    assertThat(one.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(one.getBody().path("limit").asLong()).isEqualTo(1);
    assertThat(one.getBody().path("updatedBy").asText()).isEqualTo("admin");
    long next = newConversation(NUMBER_A);
    assertThatThrownBy(() -> sender.sendTemplate(next, "api-next-" + next, "ana", oferta()))
        .isInstanceOf(MessagingLimitReachedException.class);

    JsonNode tier = as("admin").exchange("/api/messaging-limits", HttpMethod.PUT,
        new HttpEntity<>(Map.of("tier", "TIER_10K")), JsonNode.class).getBody();
    assertThat(tier.path("limit").asLong()).isEqualTo(10_000);
    assertThat(tier.path("tier").asText()).isEqualTo("TIER_10K");
    assertThat(tier.path("explicitLimit").asBoolean()).isFalse();
    assertThat(sender.sendTemplate(next, "api-next-" + next, "ana", oferta()).status()).isEqualTo(DeliveryStatus.ACCEPTED);

    JsonNode unlimited = as("admin").exchange("/api/messaging-limits", HttpMethod.PUT,
        new HttpEntity<>(Map.of("tier", "UNLIMITED")), JsonNode.class).getBody();
    assertThat(unlimited.path("limit").isNull()).isTrue();
    assertThat(unlimited.path("remaining").isNull()).isTrue();

    ResponseEntity<JsonNode> badTier = as("admin").exchange("/api/messaging-limits", HttpMethod.PUT,
        new HttpEntity<>(Map.of("tier", "TIER_3")), JsonNode.class);
    ResponseEntity<JsonNode> negative = as("admin").exchange("/api/messaging-limits", HttpMethod.PUT,
        new HttpEntity<>(Map.of("limit", -5)), JsonNode.class);
    ResponseEntity<JsonNode> empty = as("admin").exchange("/api/messaging-limits", HttpMethod.PUT,
        new HttpEntity<>(Map.of()), JsonNode.class);
    assertThat(List.of(badTier, negative, empty)).allSatisfy(r -> {
      assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(r.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    });
    assertThat(badTier.getBody().path("detail").asText()).contains("TIER_2K");
    assertThat(limits.usage().tier()).isEqualTo(Tier.UNLIMITED);
  }

  // ---- costs ----

  @Test
  void theCostsEndpointSumsThePricingTheStatusWebhooksBrought() {
    Instant from = Instant.now().minusSeconds(1);
    String phone = newPhone();
    long customer = customerWrites(phone, NUMBER_A, "Oi");
    long inWindow = conversation(customer, NUMBER_A);
    long outside = conversation(customer, NUMBER_B);
    long utilityLeft = sender.sendTemplate(inWindow, "cost-u-a-" + phone, "ana",
        TemplateRequest.of("aviso_conta", "pt_BR", List.of("Ana"))).messageId();
    long utilityRight = sender.sendTemplate(outside, "cost-u-b-" + phone, "ana",
        TemplateRequest.of("aviso_conta", "pt_BR", List.of("Ana"))).messageId();
    long marketing = sender.sendTemplate(outside, "cost-m-b-" + phone, "ana", oferta()).messageId();

    await("pricing from the status webhooks").atMost(WAIT).until(() -> jdbc.sql(
            "select count(*) from message_pricing where message_id in (?, ?, ?) and pricing_type is not null")
        .params(utilityLeft, utilityRight, marketing).query(Long.class).single() == 3);
    JsonNode costs = as("ana").getForObject("/api/messaging-costs?from=" + from + "&to=" + Instant.now().plusSeconds(1),
        JsonNode.class);

    assertThat(costs.path("messages").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(total(costs.path("byCategory"), "MARKETING")).isEqualTo("1/1");
    assertThat(total(costs.path("byCategory"), "UTILITY")).as("a utility template inside the window is free").isEqualTo("2/1");
    assertThat(total(costs.path("byNumber"), NUMBER_B)).isEqualTo("2/2");
    assertThat(total(costs.path("byNumber"), NUMBER_A)).isEqualTo("1/0");
    assertThat(total(costs.path("byPricingType"), "free_customer_service")).isEqualTo("1/0");
    assertThat(total(costs.path("byPricingType"), "regular")).isEqualTo("2/2");
    assertThat(jdbc.sql("select pricing_model || ' ' || pricing_category || ' ' || billable from message_pricing where message_id = ?")
        .param(marketing).query(String.class).single()).isEqualToIgnoringCase("PMP marketing true");

    ResponseEntity<JsonNode> bad = as("ana").getForEntity("/api/messaging-costs?from=ontem", JsonNode.class);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody().path("detail").asText()).contains("'from'");
  }

  // ---- helpers ----

  private static String total(JsonNode totals, String key) {
    for (JsonNode t : totals) {
      if (t.path("key").asText().equals(key)) {
        return t.path("messages").asLong() + "/" + t.path("billable").asLong();
      }
    }
    return "absent";
  }

  private static MessageSender.PreparedTemplate oferta() {
    return new PreparedTemplate(OutboundMessage.Template.of("oferta_semana", "pt_BR",
        List.of(OutboundMessage.Template.Component.body(List.of(OutboundMessage.Template.Parameter.text("Ana"))))),
        "Oferta da semana para você, Ana!", "MARKETING");
  }

  private TestRestTemplate as(String user) {
    return rest.withBasicAuth(user, user);
  }

  private static String newPhone() {
    return "55119" + String.format("%08d", 31_000_000 + phones.incrementAndGet());
  }

  /** A new customer the company writes to first, and a conversation with them on the number. */
  private long newConversation(String number) {
    long customer = customers.findOrCreateByWaId(newPhone(), "Cliente").id();
    return conversation(customer, number);
  }

  private long conversation(long customer, String number) {
    return conversations.findOpen(customer, number).orElseGet(() -> conversations.open(customer, number)).id();
  }

  /** The customer writes on WhatsApp (the simulator) to the number; returns them once the service recorded it. */
  private long customerWrites(String phone, String number, String text) {
    ResponseEntity<String> sent = rest.postForEntity("/simulator/api/customers/" + phone + "/messages",
        Map.of("name", "Ana", "phoneNumberId", number, "text", text), String.class);
    assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return await("the customer's message recorded").atMost(WAIT).until(() -> customers.findByWaId(phone)
        .filter(c -> windows.of(c.id(), number).open(Instant.now())).map(CustomerStore.Customer::id).orElse(null),
        id -> id != null);
  }
}
