package io.atende.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerStore.Customer;
import io.atende.conversation.MessageLog.Entry;
import io.atende.conversation.MessageSender.ButtonParameter;
import io.atende.conversation.MessageSender.HeaderMedia;
import io.atende.conversation.MessageSender.MediaRequest;
import io.atende.conversation.MessageSender.OutsideServiceWindowException;
import io.atende.conversation.MessageSender.SentMessage;
import io.atende.conversation.MessageSender.TemplateRequest;
import io.atende.limits.ServiceWindows;
import io.atende.whatsapp.DeliveryStatus;
import io.atende.whatsapp.GraphApiException;
import io.atende.whatsapp.GraphApiStub.Reply;
import io.atende.whatsapp.GraphApiStub.Request;
import io.atende.whatsapp.GraphJson;
import io.atende.whatsapp.GraphStubbedTest;
import io.atende.whatsapp.MessageType;
import io.atende.whatsapp.OutboundMessage.Interactive;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class WhatsAppMessageSenderTest extends GraphStubbedTest {

  private static final AtomicInteger customerCount = new AtomicInteger();

  @Autowired MessageSender sender;
  @org.springframework.boot.test.web.server.LocalServerPort int port;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;
  @Autowired MessageLog messages;
  @Autowired ServiceWindows windows;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  /** A customer of this test alone whose last message was {@code ago} ago, and their open conversation. */
  private Conversation conversationWrittenAgo(Duration ago) {
    String waId = "55219" + String.format("%08d", 20_000_000 + customerCount.incrementAndGet());
    Customer customer = customers.upsertOnInbound(new CustomerStore.Sender(waId, null, null, "Cliente"), Instant.now().minus(ago));
    windows.customerWrote(customer.id(), NUMBER, Instant.now().minus(ago));
    return conversations.open(customer.id(), NUMBER);
  }

  private String waId(Conversation conversation) {
    return customers.findById(conversation.customerId()).orElseThrow().waId();
  }

  private List<Entry> outbound(Conversation conversation) {
    return messages.conversation(conversation.id()).stream().filter(m -> m.direction() == Direction.OUT).toList();
  }

  @Test
  void textIsSentAndRecordedAcceptedWithItsWhatsAppId() {
    Conversation c = conversationWrittenAgo(Duration.ofMinutes(5));

    SentMessage sent = sender.sendText(c.id(), "text-1", "bot", "Olá, tudo bem?");

    List<Request> requests = graph.sendsTo(waId(c));
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).path()).isEqualTo("/v24.0/" + NUMBER + "/messages");
    assertThat(requests.get(0).header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(requests.get(0).json().get("text").get("body").asText()).isEqualTo("Olá, tudo bem?");
    Entry recorded = messages.findById(sent.messageId()).orElseThrow();
    assertThat(recorded.status()).isEqualTo(DeliveryStatus.ACCEPTED);
    assertThat(recorded.waMessageId()).isEqualTo(sent.waMessageId()).startsWith("wamid.STUB");
    assertThat(recorded.sendKey()).isEqualTo("text-1");
    assertThat(recorded.sender()).isEqualTo("bot");
    assertThat(recorded.body()).isEqualTo("Olá, tudo bem?");
    assertThat(recorded.direction()).isEqualTo(Direction.OUT);
  }

  @Test
  void customerWhoHidesTheNumberIsAnsweredByBusinessScopedUserId() {
    String bsuid = "BR.99" + String.format("%08d", customerCount.incrementAndGet());
    Customer customer = customers.upsertOnInbound(new CustomerStore.Sender(null, bsuid, "eva.s", "Eva"), Instant.now());
    windows.customerWrote(customer.id(), NUMBER, Instant.now());
    Conversation c = conversations.open(customer.id(), NUMBER);

    SentMessage sent = sender.sendText(c.id(), "bsuid-1", "bot", "Olá, Eva!");

    List<Request> requests = graph.sendsTo(bsuid);
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).json().get("recipient").asText()).isEqualTo(bsuid);
    assertThat(requests.get(0).json().has("to")).isFalse();
    assertThat(messages.findById(sent.messageId()).orElseThrow().status()).isEqualTo(DeliveryStatus.ACCEPTED);
  }

  @Test
  void templateWithParametersMayBeSentOutsideTheWindow() {
    Conversation c = conversationWrittenAgo(Duration.ofDays(3));

    SentMessage sent = sender.sendTemplate(c.id(), "template-1", "agent:ana",
        TemplateRequest.of("protocolo_aberto", "pt_BR", List.of("Ana", "2026-000123"))
            .withHeaderMedia(new HeaderMedia(MessageType.IMAGE, "778899", null))
            .withButtons(List.of(new ButtonParameter(0, "quick_reply", "FALAR_COM_ATENDENTE"))));

    JsonNode body = graph.sendsTo(waId(c)).get(0).json();
    assertThat(body.get("type").asText()).isEqualTo("template");
    assertThat(body.get("template")).isEqualTo(json("""
        {"name":"protocolo_aberto","language":{"code":"pt_BR"},"components":[
          {"type":"header","parameters":[{"type":"image","image":{"id":"778899"}}]},
          {"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"2026-000123"}]},
          {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"FALAR_COM_ATENDENTE"}]}]}"""));
    Entry recorded = messages.findById(sent.messageId()).orElseThrow();
    assertThat(recorded.type()).isEqualTo(MessageType.TEMPLATE);
    assertThat(recorded.status()).isEqualTo(DeliveryStatus.ACCEPTED);
    assertThat(recorded.body()).isEqualTo("[template protocolo_aberto] Ana | 2026-000123");
  }

  @Test
  void mediaIsSentByIdOrByLinkWithCaptionAndFilename() {
    Conversation c = conversationWrittenAgo(Duration.ofHours(1));

    sender.sendMedia(c.id(), "media-1", "agent:ana", MediaRequest.byId(MessageType.IMAGE, "1234567").withCaption("Comprovante"));
    sender.sendMedia(c.id(), "media-2", "agent:ana",
        MediaRequest.byLink(MessageType.DOCUMENT, "https://files.example/boleto.pdf").withCaption("Boleto").withFilename("boleto.pdf"));

    List<Request> requests = graph.sendsTo(waId(c));
    assertThat(requests.get(0).json().get("image")).isEqualTo(json("{\"id\":\"1234567\",\"caption\":\"Comprovante\"}"));
    assertThat(requests.get(1).json().get("document"))
        .isEqualTo(json("{\"link\":\"https://files.example/boleto.pdf\",\"caption\":\"Boleto\",\"filename\":\"boleto.pdf\"}"));
    assertThat(outbound(c)).extracting(Entry::type).containsExactly(MessageType.IMAGE, MessageType.DOCUMENT);
    assertThat(outbound(c)).extracting(Entry::mediaId).containsExactly("1234567", null);
    assertThat(outbound(c)).extracting(Entry::mediaFilename).containsExactly(null, "boleto.pdf");
  }

  @Test
  void freeFormSendOutsideTheWindowIsRefusedBeforeItLeaves() {
    Conversation c = conversationWrittenAgo(Duration.ofHours(25));

    assertThatThrownBy(() -> sender.sendText(c.id(), "late-text", "bot", "Ainda está aí?"))
        .isInstanceOf(OutsideServiceWindowException.class)
        .hasMessageContaining("24-hour service window is closed");
    assertThatThrownBy(() -> sender.sendMedia(c.id(), "late-media", "bot", MediaRequest.byId(MessageType.IMAGE, "1")))
        .isInstanceOf(OutsideServiceWindowException.class);
    assertThatThrownBy(() -> sender.sendInteractive(c.id(), "late-buttons", "bot",
        Interactive.buttons("Podemos ajudar?", List.of(new Interactive.Reply("sim", "Sim")))))
        .isInstanceOf(OutsideServiceWindowException.class);

    assertThat(graph.sendsTo(waId(c))).isEmpty();
    Entry refused = messages.findBySendKey("late-text").orElseThrow();
    assertThat(refused.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(refused.errorCode()).isEqualTo(131047);
    assertThat(refused.errorTitle()).contains("outside the 24-hour window");
    assertThat(refused.errorDetails()).contains("more than 24 hours ago").contains("only an approved template");
    assertThat(refused.waMessageId()).isNull();
    assertThat(outbound(c)).hasSize(3).allMatch(m -> m.status() == DeliveryStatus.FAILED);
  }

  @Test
  void refusedSendRepeatedWithTheSameKeyIsRefusedAgainWithoutACall() {
    Conversation c = conversationWrittenAgo(Duration.ofDays(2));
    assertThatThrownBy(() -> sender.sendText(c.id(), "late-again", "bot", "Olá")).isInstanceOf(OutsideServiceWindowException.class);

    assertThatThrownBy(() -> sender.sendText(c.id(), "late-again", "bot", "Olá")).isInstanceOf(OutsideServiceWindowException.class);

    assertThat(graph.sendsTo(waId(c))).isEmpty();
    assertThat(outbound(c)).hasSize(1);
  }

  @Test
  void serverErrorIsRetriedAndTheMessageIsSentOnce() {
    Conversation c = conversationWrittenAgo(Duration.ofMinutes(1));
    graph.script(waId(c), Reply.graphError(500, 131000, "Something went wrong", "Internal error"),
        new Reply(200, """
            {"messaging_product":"whatsapp","contacts":[{"input":"%s","wa_id":"%s"}],"messages":[{"id":"wamid.AFTER_RETRY_1"}]}"""
            .formatted(waId(c), waId(c))));

    SentMessage sent = sender.sendText(c.id(), "retry-500", "bot", "Seu protocolo é 123");

    assertThat(graph.sendsTo(waId(c))).hasSize(2);
    assertThat(outbound(c)).singleElement().satisfies(m -> {
      assertThat(m.status()).isEqualTo(DeliveryStatus.ACCEPTED);
      assertThat(m.waMessageId()).isEqualTo("wamid.AFTER_RETRY_1");
    });
    assertThat(sent.waMessageId()).isEqualTo("wamid.AFTER_RETRY_1");
  }

  @Test
  void aSendWhoseAnswerIsLostOnTheWayIsNotSentAgainBlindlyButWaitsForItsStatus() {
    Conversation c = conversationWrittenAgo(Duration.ofMinutes(1));
    graph.script(waId(c), Reply.NO_ANSWER);

    assertThatThrownBy(() -> sender.sendText(c.id(), "lost-on-the-way-1", "bot", "Seu protocolo é 123"))
        .isInstanceOfSatisfying(GraphApiException.class, e -> {
          assertThat(e.transientError()).as("the job tries again later").isTrue();
          assertThat(e.httpStatus()).as("no answer came").isZero();
        });
    assertThat(graph.sendsTo(waId(c))).as("the request may have reached Meta: not repeated by the HTTP retry").hasSize(1);
    assertThat(outbound(c)).singleElement().satisfies(m -> assertThat(m.status()).isEqualTo(DeliveryStatus.PENDING));

    assertThatThrownBy(() -> sender.sendText(c.id(), "lost-on-the-way-1", "bot", "Seu protocolo é 123"))
        .as("the job's retry waits for Meta's status").hasMessageContaining("may have reached WhatsApp");
    assertThat(graph.sendsTo(waId(c))).hasSize(1);
  }

  @Test
  void whenAnotherCustomerHoldsTheIdMetaAnswersTheSendStillCountsAsSentAndNeitherCustomerChanges() {
    // the same person in a sheet twice: once with the ninth digit, once as WhatsApp knows them
    Customer known = customers.upsertOnInbound(new CustomerStore.Sender("552187650002", null, null, "Maria"), Instant.now());
    Customer typed = customers.upsertOnInbound(new CustomerStore.Sender("5521987650002", null, null, "Maria"), Instant.now());
    windows.customerWrote(typed.id(), NUMBER, Instant.now());
    Conversation c = conversations.open(typed.id(), NUMBER);
    graph.script("5521987650002", new Reply(200, """
        {"messaging_product":"whatsapp","contacts":[{"input":"5521987650002","wa_id":"552187650002"}],
         "messages":[{"id":"wamid.STUB-taken-id"}]}"""));

    SentMessage sent = sender.sendText(c.id(), "taken-id-1", "ana", "Olá");

    assertThat(sent.waMessageId()).isEqualTo("wamid.STUB-taken-id");
    assertThat(outbound(c)).singleElement().satisfies(m -> assertThat(m.status()).isEqualTo(DeliveryStatus.ACCEPTED));
    assertThat(customers.findById(typed.id()).orElseThrow().waId()).isEqualTo("5521987650002");
    assertThat(customers.findByWaId("552187650002")).map(Customer::id).contains(known.id());
  }

  @Test
  void whenMetaKnowsTheCustomerByAnotherIdTheirRepliesWillBeRecognised() {
    // the number as typed, with the ninth digit of a Brazilian mobile; WhatsApp knows this account without it
    Customer typed = customers.upsertOnInbound(new CustomerStore.Sender("5521987650001", null, null, "Maria"), Instant.now());
    windows.customerWrote(typed.id(), NUMBER, Instant.now());
    Conversation c = conversations.open(typed.id(), NUMBER);
    graph.script("5521987650001", new Reply(200, """
        {"messaging_product":"whatsapp","contacts":[{"input":"5521987650001","wa_id":"552187650001"}],
         "messages":[{"id":"wamid.STUB-ninth-digit"}]}"""));

    sender.sendText(c.id(), "ninth-digit-1", "ana", "Olá");

    assertThat(customers.findById(typed.id()).orElseThrow().waId()).isEqualTo("552187650001");
    assertThat(customers.findByWaId("552187650001")).map(Customer::id).contains(typed.id());
  }

  @Test
  void everySendCarriesItsSendKeyForMetaToEchoInItsStatuses() {
    Conversation c = conversationWrittenAgo(Duration.ofMinutes(5));

    sender.sendText(c.id(), "echo-key-1", "bot", "Olá");

    assertThat(graph.sendsTo(waId(c)).get(0).json().path("biz_opaque_callback_data").asText()).isEqualTo("echo-key-1");
  }

  @Test
  void aSendWhoseAnswerWasLostIsRecognisedByTheStatusWebhookAndNotSentAgain() {
    Conversation c = conversationWrittenAgo(Duration.ofMinutes(5));
    // the request had left and Meta took it, but the service died before recording the answer
    long id = messages.record(new MessageLog.NewMessage(c.customerId(), c.id(), NUMBER, Direction.OUT, "bot", null, "lost-answer-1",
        MessageType.TEXT, "Olá", null, null, null, null, DeliveryStatus.PENDING, Instant.now()));

    var response = new io.atende.whatsapp.SignedWebhook(port).post("""
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
          "messaging_product":"whatsapp","metadata":{"display_phone_number":"5511940000000","phone_number_id":"%s"},
          "statuses":[{"id":"wamid.LOST-ANSWER-1","status":"delivered","timestamp":"%d","recipient_id":"%s",
            "biz_opaque_callback_data":"lost-answer-1"}]}}]}]}""".formatted(NUMBER, Instant.now().getEpochSecond(), waId(c)));
    assertThat(response.statusCode()).isEqualTo(200);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
        .until(() -> messages.findById(id).orElseThrow().status() == DeliveryStatus.DELIVERED);

    SentMessage again = sender.sendText(c.id(), "lost-answer-1", "bot", "Olá");

    assertThat(again.waMessageId()).isEqualTo("wamid.LOST-ANSWER-1");
    assertThat(graph.sendsTo(waId(c))).as("not sent twice").isEmpty();
  }

  @Autowired UnconfirmedSends unconfirmed;

  @Test
  void aSendWhoseOutcomeIsUnknownWaitsForItsStatusBeforeGoingAgain() {
    Conversation c = conversationWrittenAgo(Duration.ofMinutes(5));
    messages.record(new MessageLog.NewMessage(c.customerId(), c.id(), NUMBER, Direction.OUT, "bot", null, "unknown-outcome-1",
        MessageType.TEXT, "Olá", null, null, null, null, DeliveryStatus.PENDING, Instant.now()));

    assertThatThrownBy(() -> sender.sendText(c.id(), "unknown-outcome-1", "bot", "Olá"))
        .hasMessageContaining("may have reached WhatsApp");
    assertThat(graph.sendsTo(waId(c))).isEmpty();
  }

  @Test
  void aSendTriedBeforeTheNodeRestartedWaitsForItsStatusFromTheRestartOnAndGoesAgainOnlyAfterThat() throws Exception {
    Conversation c = conversationWrittenAgo(Duration.ofMinutes(5));
    // tried an hour ago, then the service was down: Meta's statuses could not reach it meanwhile
    messages.record(new MessageLog.NewMessage(c.customerId(), c.id(), NUMBER, Direction.OUT, "bot", null, "before-restart-1",
        MessageType.TEXT, "Olá", null, null, null, null, DeliveryStatus.PENDING, Instant.now().minus(Duration.ofHours(1))));
    jdbc.sql("update chat_message set status_at = ? where send_key = 'before-restart-1'")
        .param(java.sql.Timestamp.from(Instant.now().minus(Duration.ofHours(1)))).update();
    UnconfirmedSends target = unconfirmed;
    Object upSince = org.springframework.test.util.ReflectionTestUtils.getField(target, "upSince");
    try {
      target.ready();
      assertThatThrownBy(() -> sender.sendText(c.id(), "before-restart-1", "bot", "Olá"))
          .as("the node is up for less than the wait").hasMessageContaining("may have reached WhatsApp");
      assertThat(graph.sendsTo(waId(c))).isEmpty();

      // up for longer than the wait and still no status: it goes again, on its record
      org.springframework.test.util.ReflectionTestUtils.setField(target, "upSince", Instant.now().minus(Duration.ofMinutes(1)));
      sender.sendText(c.id(), "before-restart-1", "bot", "Olá");
      assertThat(graph.sendsTo(waId(c))).hasSize(1);
    } finally {
      org.springframework.test.util.ReflectionTestUtils.setField(target, "upSince", upSince);
    }
  }

  @Test
  void reEngagementErrorIsNotRetriedAndTheMessageFailsWithItsReason() {
    Conversation c = conversationWrittenAgo(Duration.ofMinutes(1));
    graph.script(waId(c), Reply.graphError(400, 131047, "(#131047) Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number."));

    assertThatThrownBy(() -> sender.sendText(c.id(), "no-retry-131047", "bot", "Olá"))
        .isInstanceOfSatisfying(GraphApiException.class, e -> assertThat(e.code()).isEqualTo(131047));

    assertThat(graph.sendsTo(waId(c))).hasSize(1);
    Entry failed = messages.findBySendKey("no-retry-131047").orElseThrow();
    assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(failed.errorCode()).isEqualTo(131047);
    assertThat(failed.errorTitle()).isEqualTo("(#131047) Re-engagement message");
    assertThat(failed.errorDetails()).contains("more than 24 hours have passed");
  }

  @Test
  void failedSendTriedAgainWithItsKeyOnceTheCauseIsMendedIsSentOnTheSameRecord() {
    Conversation c = conversationWrittenAgo(Duration.ofMinutes(1));
    graph.script(waId(c), Reply.graphError(401, 190, "Error validating access token: Session has expired", null));
    assertThatThrownBy(() -> sender.sendText(c.id(), "token-expired", "bot", "Olá"))
        .isInstanceOfSatisfying(GraphApiException.class, e -> assertThat(e.worthRetrying()).isFalse());
    assertThat(messages.findBySendKey("token-expired").orElseThrow().errorCode()).isEqualTo(190);

    // an operator renewed the token and retried the incident: the same job, the same key
    SentMessage sent = sender.sendText(c.id(), "token-expired", "bot", "Olá");

    assertThat(graph.sendsTo(waId(c))).hasSize(2);
    assertThat(outbound(c)).singleElement().satisfies(m -> {
      assertThat(m.id()).isEqualTo(sent.messageId());
      assertThat(m.status()).isEqualTo(DeliveryStatus.ACCEPTED);
      assertThat(m.waMessageId()).isEqualTo(sent.waMessageId()).isNotNull();
      assertThat(m.errorCode()).isNull();
    });
  }

  @Test
  void throughputErrorIsRetriedThenTheMessageIsAccepted() {
    Conversation c = conversationWrittenAgo(Duration.ofMinutes(1));
    graph.script(waId(c), Reply.graphError(400, 130429, "(#130429) Rate limit hit", "Cloud API message throughput has been reached."));

    SentMessage sent = sender.sendText(c.id(), "retry-130429", "bot", "Olá");

    assertThat(graph.sendsTo(waId(c))).hasSize(2);
    assertThat(messages.findById(sent.messageId()).orElseThrow().status()).isEqualTo(DeliveryStatus.ACCEPTED);
  }

  @Test
  void theSameSendKeyTwiceMakesOneRequest() {
    Conversation c = conversationWrittenAgo(Duration.ofMinutes(1));

    SentMessage first = sender.sendText(c.id(), "job-42", "bot", "Bem-vindo!");
    SentMessage second = sender.sendText(c.id(), "job-42", "bot", "Bem-vindo!");

    assertThat(graph.sendsTo(waId(c))).hasSize(1);
    assertThat(second).isEqualTo(first);
    assertThat(outbound(c)).hasSize(1);
  }

  @Test
  void aTemporaryRefusalShowsTheMessageFailedAndTheRetryReusesItsRecord() {
    Conversation c = conversationWrittenAgo(Duration.ofMinutes(1));
    Reply down = Reply.graphError(503, 131016, "Service unavailable", "A service is temporarily unavailable.");
    graph.script(waId(c), down, down, down, down, down);

    assertThatThrownBy(() -> sender.sendText(c.id(), "job-down", "bot", "Olá"))
        .isInstanceOfSatisfying(GraphApiException.class, e -> assertThat(e.transientError()).isTrue());
    Entry pending = messages.findBySendKey("job-down").orElseThrow();
    assertThat(pending.status()).as("Meta answered: it did not take it").isEqualTo(DeliveryStatus.FAILED);
    assertThat(pending.errorCode()).isEqualTo(131016);

    SentMessage retried = sender.sendText(c.id(), "job-down", "bot", "Olá");

    assertThat(retried.messageId()).isEqualTo(pending.id());
    assertThat(retried.status()).isEqualTo(DeliveryStatus.ACCEPTED);
    assertThat(outbound(c)).hasSize(1);
    assertThat(graph.sendsTo(waId(c))).hasSize(5 + 1);
  }

  @Test
  void badContentIsRefusedAndNothingIsRecorded() {
    Conversation c = conversationWrittenAgo(Duration.ofMinutes(1));

    assertThatThrownBy(() -> sender.sendText(c.id(), "too-long", "bot", "x".repeat(4097)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 4096");
    assertThatThrownBy(() -> sender.sendMedia(c.id(), "caption-on-audio", "bot",
        MediaRequest.byId(MessageType.AUDIO, "1").withCaption("ouça")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot have a caption");
    assertThatThrownBy(() -> sender.sendTemplate(c.id(), "empty-variable", "bot", TemplateRequest.of("boas_vindas", "pt_BR", List.of(""))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every variable must be filled");
    assertThatThrownBy(() -> sender.sendText(c.id(), null, "bot", "Olá"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("send key");
    assertThatThrownBy(() -> sender.sendText(-1, "no-conversation", "bot", "Olá"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No conversation -1");

    assertThat(outbound(c)).isEmpty();
    assertThat(graph.sendsTo(waId(c))).isEmpty();
  }

  @Test
  void markReadSendsTheReadStatusOfTheCustomersMessage() {
    Conversation c = conversationWrittenAgo(Duration.ofMinutes(1));
    long inbound = messages.record(new MessageLog.NewMessage(c.customerId(), c.id(), NUMBER, Direction.IN, "customer",
        "wamid.INBOUND_TO_READ_1", null, MessageType.TEXT, "oi", null, null, null, null, DeliveryStatus.DELIVERED, Instant.now()));

    sender.markRead(inbound);

    Request read = graph.requestsFor("/messages").stream()
        .filter(r -> r.bodyText().contains("wamid.INBOUND_TO_READ_1")).findFirst().orElseThrow();
    assertThat(read.path()).isEqualTo("/v24.0/" + NUMBER + "/messages");
    assertThat(read.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(read.json()).isEqualTo(json("{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"wamid.INBOUND_TO_READ_1\"}"));

    long outboundId = sender.sendText(c.id(), "read-out", "bot", "ok").messageId();
    assertThatThrownBy(() -> sender.markRead(outboundId)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only those can be marked read");
  }

  private static JsonNode json(String text) {
    try {
      return GraphJson.mapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
