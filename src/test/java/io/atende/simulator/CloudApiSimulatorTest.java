package io.atende.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.atende.whatsapp.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.datasource.url=jdbc:h2:mem:simulator-test;DB_CLOSE_DELAY=-1",
        "atende.simulator.messages-per-second=10",
        "atende.simulator.sent-delay=50ms",
        "atende.simulator.delivered-delay=100ms",
        "atende.simulator.webhook-retries=3",
        "atende.simulator.webhook-retry-delay=100ms",
        "atende.whatsapp.numbers[0].phone-number-id=" + CloudApiSimulatorTest.NUMBER,
        "atende.whatsapp.numbers[0].display-phone-number=5511940000000",
        "atende.whatsapp.numbers[1].phone-number-id=" + CloudApiSimulatorTest.BURST_NUMBER,
        "atende.whatsapp.numbers[1].display-phone-number=5511940000001",
    })
class CloudApiSimulatorTest {

  static final String NUMBER = "106540352242922";
  static final String BURST_NUMBER = "106540352242999";
  static final String SECRET = "simulator-app-secret";
  static final String WABA = "102290129340398";
  static final String MESSAGES = "/simulator/graph/v24.0/" + NUMBER + "/messages";
  static final Duration WAIT = Duration.ofSeconds(10);

  static final WebhookStub webhook = WebhookStub.start();

  @DynamicPropertySource
  static void webhookUrl(DynamicPropertyRegistry registry) {
    registry.add("atende.simulator.webhook-url", webhook::url);
  }

  @AfterAll
  static void stopStub() {
    webhook.close();
  }

  @LocalServerPort
  int port;

  TestHttp http;

  @BeforeEach
  void client() {
    http = new TestHttp(port);
  }

  // ---- customer side and webhook delivery ----

  @Test
  void customerMessageArrivesSignedOverTheExactBytesWithMetaEscapes() {
    String waId = "5511911110001";
    TestHttp.Reply sent = http.postJson("/simulator/api/customers/" + waId + "/messages", null,
        Map.of("name", "João Ação", "text", "Olá, quero ver a fatura 2024/05"));
    assertThat(sent.status()).isEqualTo(201);

    await().atMost(WAIT).until(() -> webhook.messagesFrom(waId).size() == 1);
    WebhookStub.Received received = webhook.messagesFrom(waId).get(0);

    assertThat(received.contentType()).isEqualTo("application/json");
    assertThat(WebhookSignature.isValid(received.body(), received.signature(), SECRET)).isTrue();
    assertThat(received.text())
        .contains("Jo\\u00e3o A\\u00e7\\u00e3o")
        .contains("Ol\\u00e1")
        .contains("2024\\/05");
    for (byte b : received.body()) {
      assertThat(b).as("every byte is ASCII").isBetween((byte) 0x00, (byte) 0x7e);
    }
    JsonNode json = received.json();
    assertThat(json.path("object").asText()).isEqualTo("whatsapp_business_account");
    assertThat(json.path("entry").path(0).path("id").asText()).isEqualTo(WABA);
    assertThat(json.path("entry").path(0).path("changes").path(0).path("field").asText()).isEqualTo("messages");
    JsonNode value = received.value();
    assertThat(value.path("messaging_product").asText()).isEqualTo("whatsapp");
    assertThat(value.path("metadata").path("phone_number_id").asText()).isEqualTo(NUMBER);
    assertThat(value.path("metadata").path("display_phone_number").asText()).isEqualTo("5511940000000");
    assertThat(value.path("contacts").path(0).path("profile").path("name").asText()).isEqualTo("João Ação");
    assertThat(value.path("contacts").path(0).path("wa_id").asText()).isEqualTo(waId);
    JsonNode message = received.message();
    assertThat(message.path("from").asText()).isEqualTo(waId);
    assertThat(message.path("id").asText()).startsWith("wamid.").isEqualTo(sent.json().path("id").asText());
    assertThat(message.path("timestamp").isTextual()).isTrue();
    assertThat(message.path("timestamp").asText()).matches("\\d{10}");
    assertThat(message.path("type").asText()).isEqualTo("text");
    assertThat(message.path("text").path("body").asText()).isEqualTo("Olá, quero ver a fatura 2024/05");
    assertThat(WebhookSignature.isValid(received.body(), received.signature(), "another-secret")).isFalse();
  }

  @Test
  void unansweredNotificationIsRetriedWithTheSameSignedBytes() {
    String waId = "5511911110002";
    webhook.failNext(waId, 2);

    http.postJson("/simulator/api/customers/" + waId + "/messages", null, Map.of("name", "Ana", "text", "oi"));

    await().atMost(WAIT).until(() -> webhook.messagesFrom(waId).size() == 3);
    List<WebhookStub.Received> attempts = webhook.messagesFrom(waId);
    assertThat(attempts).extracting(WebhookStub.Received::text).containsOnly(attempts.get(0).text());
    assertThat(attempts).extracting(WebhookStub.Received::signature).containsOnly(attempts.get(0).signature());
    await().atMost(WAIT).until(() -> chat(waId, false).path("messages").path(0).path("webhook").asText(),
        "delivered"::equals);
  }

  @Test
  void customerRequestWithoutContentIsRefusedWithTheReason() {
    TestHttp.Reply empty = http.postJson("/simulator/api/customers/5511911110003/messages", null,
        Map.of("name", "Ana"));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.json().path("error").asText()).contains("exactly one of text");

    TestHttp.Reply badNumber = http.postJson("/simulator/api/customers/12ab/messages", null, Map.of("text", "oi"));
    assertThat(badNumber.status()).isEqualTo(400);
    assertThat(badNumber.json().path("error").asText()).contains("8 to 15 digits");

    TestHttp.Reply notJson = http.postJson("/simulator/api/customers/5511911110003/messages", null, "{oops");
    assertThat(notJson.status()).isEqualTo(400);

    assertThat(chat("5511911110003", false).path("messages")).isEmpty();
  }

  // ---- sends and statuses ----

  @Test
  void acceptedSendAnswersLikeMetaThenReportsSentAndDelivered() {
    String waId = "5511911110010";
    customerWrites(waId, "Bom dia");

    TestHttp.Reply reply = http.postJson(MESSAGES, TestHttp.TOKEN, textTo("+55 11 91111-0010", "Como posso ajudar?"));

    assertThat(reply.status()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(body.path("messaging_product").asText()).isEqualTo("whatsapp");
    assertThat(body.path("contacts").path(0).path("input").asText()).isEqualTo("+55 11 91111-0010");
    assertThat(body.path("contacts").path(0).path("wa_id").asText()).isEqualTo(waId);
    String wamid = body.path("messages").path(0).path("id").asText();
    assertThat(wamid).startsWith("wamid.");
    assertThat(body.fieldNames()).toIterable().containsExactly("messaging_product", "contacts", "messages");

    await().atMost(WAIT).until(() -> webhook.statusNamesOf(wamid).size() == 2);
    assertThat(webhook.statusNamesOf(wamid)).containsExactly("sent", "delivered");
    WebhookStub.Received delivered = webhook.statusesOf(wamid).get(1);
    assertThat(WebhookSignature.isValid(delivered.body(), delivered.signature(), SECRET)).isTrue();
    JsonNode status = delivered.status();
    assertThat(status.path("recipient_id").asText()).isEqualTo(waId);
    assertThat(status.path("timestamp").isTextual()).isTrue();
    assertThat(status.path("pricing").path("billable").asBoolean(true)).isFalse();
    assertThat(status.path("pricing").path("pricing_model").asText()).isEqualTo("PMP");
    assertThat(status.path("pricing").path("category").asText()).isEqualTo("service");
    assertThat(status.path("pricing").path("type").asText()).isEqualTo("free_customer_service");
    assertThat(delivered.value().path("metadata").path("phone_number_id").asText()).isEqualTo(NUMBER);
  }

  @Test
  void showingTheChatMarksDeliveredMessagesRead() {
    String waId = "5511911110011";
    customerWrites(waId, "Oi");
    String wamid = http.postJson(MESSAGES, TestHttp.TOKEN, textTo(waId, "Olá!")).json()
        .path("messages").path(0).path("id").asText();
    await().atMost(WAIT).until(() -> webhook.statusNamesOf(wamid).contains("delivered"));

    assertThat(outbound(chat(waId, false), wamid).path("status").asText()).isEqualTo("delivered");
    assertThat(webhook.statusNamesOf(wamid)).doesNotContain("read");

    chat(waId, true);

    await().atMost(WAIT).until(() -> webhook.statusNamesOf(wamid).contains("read"));
    assertThat(webhook.statusNamesOf(wamid)).containsExactly("sent", "delivered", "read");
    assertThat(outbound(chat(waId, false), wamid).path("status").asText()).isEqualTo("read");
  }

  @Test
  void freeFormSendToCustomerWhoNeverWroteIsAcceptedThenFailsWith131047() {
    String waId = "5511911110012";

    TestHttp.Reply reply = http.postJson(MESSAGES, TestHttp.TOKEN, textTo(waId, "Oi, tudo bem?"));

    assertThat(reply.status()).isEqualTo(200);
    String wamid = reply.json().path("messages").path(0).path("id").asText();
    assertThat(wamid).startsWith("wamid.");
    await().atMost(WAIT).until(() -> webhook.statusNamesOf(wamid).contains("failed"));
    assertThat(webhook.statusNamesOf(wamid)).containsExactly("failed");
    JsonNode error = webhook.statusesOf(wamid).get(0).status().path("errors").path(0);
    assertThat(error.path("code").asInt()).isEqualTo(131047);
    assertThat(error.path("title").asText()).isEqualTo("Re-engagement message");
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(error.path("error_data").path("details").asText()).isEqualTo(
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");
    JsonNode shown = outbound(chat(waId, true), wamid);
    assertThat(shown.path("status").asText()).isEqualTo("failed");
    assertThat(shown.path("error").path("code").asInt()).isEqualTo(131047);
  }

  @Test
  void freeFormSendMoreThan24HoursAfterTheCustomerWroteFails() {
    String waId = "5511911110013";
    http.postJson("/simulator/api/customers/" + waId + "/messages", null,
        Map.of("name", "Bia", "text", "ontem", "sentAt", Instant.now().minus(Duration.ofHours(25)).toString()));

    String wamid = http.postJson(MESSAGES, TestHttp.TOKEN, textTo(waId, "Ainda precisa de ajuda?")).json()
        .path("messages").path(0).path("id").asText();

    await().atMost(WAIT).until(() -> webhook.statusNamesOf(wamid).contains("failed"));
    assertThat(webhook.statusesOf(wamid).get(0).status().path("errors").path(0).path("code").asInt()).isEqualTo(131047);
  }

  @Test
  void approvedTemplateReachesCustomerOutsideTheWindowAndIsCharged() {
    String waId = "5511911110014";

    TestHttp.Reply reply = http.postJson(MESSAGES, TestHttp.TOKEN, template(waId, "recontato", "pt_BR", "Carla"));

    assertThat(reply.status()).isEqualTo(200);
    String wamid = reply.json().path("messages").path(0).path("id").asText();
    await().atMost(WAIT).until(() -> webhook.statusNamesOf(wamid).size() == 2);
    assertThat(webhook.statusNamesOf(wamid)).containsExactly("sent", "delivered");
    JsonNode pricing = webhook.statusesOf(wamid).get(0).status().path("pricing");
    assertThat(pricing.path("billable").asBoolean()).isTrue();
    assertThat(pricing.path("category").asText()).isEqualTo("utility");
    assertThat(pricing.path("type").asText()).isEqualTo("regular");
    assertThat(outbound(chat(waId, false), wamid).path("content").path("text").asText()).contains("Olá, Carla!");
  }

  @Test
  void burstOverThePerNumberLimitIsRefusedWith130429() {
    String messages = "/simulator/graph/v24.0/" + BURST_NUMBER + "/messages";
    List<CompletableFuture<TestHttp.Reply>> burst = IntStream.range(0, 30)
        .mapToObj(i -> CompletableFuture.supplyAsync(() ->
            http.postJson(messages, TestHttp.TOKEN, template("55119111100" + (20 + i), "boas_vindas", "pt_BR"))))
        .toList();
    List<TestHttp.Reply> replies = burst.stream().map(CompletableFuture::join).toList();

    List<TestHttp.Reply> refused = replies.stream().filter(r -> r.status() != 200).toList();
    assertThat(replies.size() - refused.size()).isBetween(1, 10 * 2);
    assertThat(refused).isNotEmpty();
    assertThat(refused).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.errorCode()).isEqualTo(130429);
      assertThat(r.json().path("error").path("message").asText()).isEqualTo("(#130429) Rate limit hit");
      assertThat(r.json().path("error").path("fbtrace_id").asText()).isNotBlank();
    });
  }

  @Test
  void unknownOrUnapprovedTemplateIsRefusedWith132001() {
    String waId = "5511911110050";
    assertThat(http.postJson(MESSAGES, TestHttp.TOKEN, template(waId, "nao_existe", "pt_BR")).errorCode())
        .isEqualTo(132001);
    assertThat(http.postJson(MESSAGES, TestHttp.TOKEN, template(waId, "promo_pendente", "pt_BR", "10")).errorCode())
        .isEqualTo(132001);
    TestHttp.Reply wrongLanguage = http.postJson(MESSAGES, TestHttp.TOKEN, template(waId, "boas_vindas", "en_US"));
    assertThat(wrongLanguage.errorCode()).isEqualTo(132001);
    assertThat(wrongLanguage.json().path("error").path("error_data").path("details").asText())
        .isEqualTo("template name (boas_vindas) does not exist in en_US");
    assertThat(chat(waId, false).path("messages")).isEmpty();
  }

  @Test
  void templateWithTheWrongParameterCountIsRefusedWith132000() {
    String waId = "5511911110051";
    TestHttp.Reply none = http.postJson(MESSAGES, TestHttp.TOKEN, template(waId, "recontato", "pt_BR"));
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.errorCode()).isEqualTo(132000);
    assertThat(none.json().path("error").path("error_data").path("details").asText())
        .isEqualTo("body: number of localizable_params (0) does not match the expected number of params (1)");
    assertThat(http.postJson(MESSAGES, TestHttp.TOKEN, template(waId, "recontato", "pt_BR", "a", "b")).errorCode())
        .isEqualTo(132000);
    assertThat(http.postJson(MESSAGES, TestHttp.TOKEN, template(waId, "boas_vindas", "pt_BR", "extra")).errorCode())
        .isEqualTo(132000);
  }

  @Test
  void missingOrWrongTokenIsRefusedWith190() {
    TestHttp.Reply missing = http.postJson(MESSAGES, null, textTo("5511911110052", "oi"));
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.errorCode()).isEqualTo(190);
    assertThat(missing.json().path("error").path("type").asText()).isEqualTo("OAuthException");

    TestHttp.Reply wrong = http.postJson(MESSAGES, "not-the-token", textTo("5511911110052", "oi"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.errorCode()).isEqualTo(190);

    TestHttp.Reply templates = http.get("/simulator/graph/v24.0/" + WABA + "/message_templates", "wrong");
    assertThat(templates.status()).isEqualTo(401);
    assertThat(templates.errorCode()).isEqualTo(190);
    assertThat(chat("5511911110052", false).path("messages")).isEmpty();
  }

  static Stream<Arguments> malformedSends() {
    return Stream.of(
        Arguments.of("{not json", 100),
        Arguments.of("[]", 100),
        Arguments.of("", 100),
        Arguments.of("{\"to\":\"5511911110053\",\"type\":\"text\",\"text\":{\"body\":\"oi\"}}", 100),
        Arguments.of("{\"messaging_product\":\"sms\",\"to\":\"5511911110053\",\"text\":{\"body\":\"oi\"}}", 100),
        Arguments.of("{\"messaging_product\":\"whatsapp\",\"type\":\"text\",\"text\":{\"body\":\"oi\"}}", 131008),
        Arguments.of("{\"messaging_product\":\"whatsapp\",\"to\":\"abc\",\"text\":{\"body\":\"oi\"}}", 131009),
        Arguments.of("{\"messaging_product\":\"whatsapp\",\"to\":\"5511911110053\",\"type\":\"fax\"}", 100),
        Arguments.of("{\"messaging_product\":\"whatsapp\",\"to\":\"5511911110053\",\"type\":\"text\"}", 131008),
        Arguments.of("{\"messaging_product\":\"whatsapp\",\"to\":\"5511911110053\",\"type\":\"text\",\"text\":\"oi\"}", 100),
        Arguments.of("{\"messaging_product\":\"whatsapp\",\"to\":\"5511911110053\",\"type\":\"text\",\"text\":{\"body\":\""
            + "a".repeat(4097) + "\"}}", 100),
        Arguments.of("{\"messaging_product\":\"whatsapp\",\"to\":\"5511911110053\",\"type\":\"image\",\"image\":{}}", 131008),
        Arguments.of("{\"messaging_product\":\"whatsapp\",\"to\":\"5511911110053\",\"type\":\"interactive\","
            + "\"interactive\":{\"type\":\"button\",\"body\":{\"text\":\"Escolha\"},\"action\":{\"buttons\":["
            + "{\"type\":\"reply\",\"reply\":{\"id\":\"a\",\"title\":\"Um título longo demais aqui\"}}]}}}", 131009));
  }

  @ParameterizedTest
  @MethodSource("malformedSends")
  void malformedSendIsRefusedWithMetasCode(String body, int code) {
    TestHttp.Reply reply = http.postJson(MESSAGES, TestHttp.TOKEN, body);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo(code);
    assertThat(reply.json().path("error").path("message").asText()).isNotBlank();
    assertThat(chat("5511911110053", false).path("messages")).isEmpty();
  }

  @Test
  void textOfExactly4096CharactersIsAccepted() {
    String waId = "5511911110054";
    customerWrites(waId, "oi");
    assertThat(http.postJson(MESSAGES, TestHttp.TOKEN, textTo(waId, "a".repeat(4096))).status()).isEqualTo(200);
  }

  @Test
  void unknownPhoneNumberIdIsRefused() {
    TestHttp.Reply reply = http.postJson("/simulator/graph/v24.0/999/messages", TestHttp.TOKEN,
        textTo("5511911110055", "oi"));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo(100);
    assertThat(reply.json().path("error").path("error_subcode").asInt()).isEqualTo(33);
  }

  // ---- mark as read, interactive replies ----

  @Test
  void markAsReadAnswersSuccessAndTheCustomerSeesIt() {
    String waId = "5511911110060";
    String inbound = customerWrites(waId, "Alguém aí?");

    TestHttp.Reply reply = http.postJson(MESSAGES, TestHttp.TOKEN,
        "{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"" + inbound + "\","
            + "\"typing_indicator\":{\"type\":\"text\"}}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("{\"success\":true}");
    JsonNode chat = chat(waId, false);
    assertThat(chat.path("messages").path(0).path("readByBusiness").asBoolean()).isTrue();
    assertThat(chat.path("windows").path(0).path("businessTyping").asBoolean()).isTrue();

    TestHttp.Reply unknown = http.postJson(MESSAGES, TestHttp.TOKEN,
        "{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"wamid.nope\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.errorCode()).isEqualTo(100);
  }

  @Test
  void customerTapOnAReplyButtonArrivesAsInteractiveButtonReply() {
    String waId = "5511911110061";
    customerWrites(waId, "Oi");
    String wamid = http.postJson(MESSAGES, TestHttp.TOKEN, "{\"messaging_product\":\"whatsapp\",\"to\":\"" + waId
        + "\",\"type\":\"interactive\",\"interactive\":{\"type\":\"button\",\"body\":{\"text\":\"Foi resolvido?\"},"
        + "\"action\":{\"buttons\":[{\"type\":\"reply\",\"reply\":{\"id\":\"sim\",\"title\":\"Sim\"}},"
        + "{\"type\":\"reply\",\"reply\":{\"id\":\"nao\",\"title\":\"Não\"}}]}}}").json()
        .path("messages").path(0).path("id").asText();

    TestHttp.Reply tap = http.postJson("/simulator/api/customers/" + waId + "/messages", null,
        Map.of("buttonReply", Map.of("id", "nao")));
    assertThat(tap.status()).isEqualTo(201);

    await().atMost(WAIT).until(() -> webhook.messagesFrom(waId).size() == 2);
    JsonNode message = webhook.messagesFrom(waId).get(1).message();
    assertThat(message.path("type").asText()).isEqualTo("interactive");
    assertThat(message.path("interactive").path("type").asText()).isEqualTo("button_reply");
    assertThat(message.path("interactive").path("button_reply").path("id").asText()).isEqualTo("nao");
    assertThat(message.path("interactive").path("button_reply").path("title").asText()).isEqualTo("Não");
    assertThat(message.path("context").path("id").asText()).isEqualTo(wamid);
    assertThat(message.path("context").path("from").asText()).isEqualTo("5511940000000");

    TestHttp.Reply notOffered = http.postJson("/simulator/api/customers/" + waId + "/messages", null,
        Map.of("buttonReply", Map.of("id", "talvez")));
    assertThat(notOffered.status()).isEqualTo(400);
  }

  // ---- media ----

  @Test
  void uploadedMediaCanBeLookedUpDownloadedWithTheTokenAndDeleted() {
    byte[] pdf = "%PDF-1.4 simulated".getBytes(StandardCharsets.US_ASCII);
    TestHttp.Reply upload = http.postFile("/simulator/graph/v24.0/" + NUMBER + "/media", TestHttp.TOKEN,
        Map.of("messaging_product", "whatsapp", "type", "application/pdf"), "fatura.pdf", "application/pdf", pdf);
    assertThat(upload.status()).isEqualTo(200);
    String mediaId = upload.json().path("id").asText();
    assertThat(mediaId).matches("\\d+");

    TestHttp.Reply info = http.get("/simulator/graph/v24.0/" + mediaId, TestHttp.TOKEN);
    assertThat(info.status()).isEqualTo(200);
    assertThat(new String(info.body(), StandardCharsets.US_ASCII)).contains("\\/simulator\\/lookaside");
    JsonNode node = info.json();
    assertThat(node.path("messaging_product").asText()).isEqualTo("whatsapp");
    assertThat(node.path("id").asText()).isEqualTo(mediaId);
    assertThat(node.path("mime_type").asText()).isEqualTo("application/pdf");
    assertThat(node.path("file_size").asLong()).isEqualTo(pdf.length);
    assertThat(node.path("sha256").asText()).isEqualTo(MediaStore.sha256Hex(pdf));
    String url = node.path("url").asText();

    TestHttp.Reply download = http.get(url, TestHttp.TOKEN);
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(pdf);
    assertThat(download.contentType()).startsWith("application/pdf");

    assertThat(http.get(url, null).status()).isEqualTo(401);
    assertThat(http.get(url, "wrong").status()).isEqualTo(401);
    assertThat(http.get(url.replace("hash=", "hash=0"), TestHttp.TOKEN).status()).isEqualTo(404);

    TestHttp.Reply deleted = http.delete("/simulator/graph/v24.0/" + mediaId, TestHttp.TOKEN);
    assertThat(deleted.json().path("success").asBoolean()).isTrue();
    TestHttp.Reply gone = http.get("/simulator/graph/v24.0/" + mediaId, TestHttp.TOKEN);
    assertThat(gone.status()).isEqualTo(400);
    assertThat(gone.errorCode()).isEqualTo(100);
    assertThat(http.get(url, TestHttp.TOKEN).status()).isEqualTo(404);
  }

  @Test
  void badUploadsAreRefusedWithTheReason() {
    String media = "/simulator/graph/v24.0/" + NUMBER + "/media";
    byte[] bytes = {1, 2, 3};
    TestHttp.Reply unsupported = http.postFile(media, TestHttp.TOKEN,
        Map.of("messaging_product", "whatsapp", "type", "application/x-msdownload"), "x.exe", "application/x-msdownload", bytes);
    assertThat(unsupported.errorCode()).isEqualTo(100);
    assertThat(unsupported.json().path("error").path("error_data").path("details").asText()).contains("application/pdf");
    TestHttp.Reply noType = http.postFile(media, TestHttp.TOKEN, Map.of("messaging_product", "whatsapp"), "a.png",
        "image/png", bytes);
    assertThat(noType.errorCode()).isEqualTo(100);
    TestHttp.Reply noToken = http.postFile(media, null, Map.of("messaging_product", "whatsapp", "type", "image/png"),
        "a.png", "image/png", bytes);
    assertThat(noToken.status()).isEqualTo(401);
    TestHttp.Reply notMultipart = http.postJson(media, TestHttp.TOKEN, "{\"messaging_product\":\"whatsapp\"}");
    assertThat(notMultipart.errorCode()).isEqualTo(100);
    TestHttp.Reply tooBig = http.postFile(media, TestHttp.TOKEN, Map.of("messaging_product", "whatsapp", "type", "image/png"),
        "big.png", "image/png", new byte[5 * 1024 * 1024 + 1]);
    assertThat(tooBig.errorCode()).isEqualTo(100);
    assertThat(tooBig.json().path("error").path("error_data").path("details").asText()).contains("at most 5242880 bytes");
    assertThat(http.postFile(media, TestHttp.TOKEN, Map.of("messaging_product", "whatsapp", "type", "image/png"),
        "ok.png", "image/png", new byte[2 * 1024 * 1024]).status()).isEqualTo(200);
  }

  @Test
  void customerImageArrivesAsImageMessageTheServiceCanDownload() {
    String waId = "5511911110070";
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 1};
    TestHttp.Reply sent = http.postFile("/simulator/api/customers/" + waId + "/messages", null,
        Map.of("name", "Davi", "caption", "foto do medidor"), "medidor.png", "image/png", png);
    assertThat(sent.status()).isEqualTo(201);

    await().atMost(WAIT).until(() -> webhook.messagesFrom(waId).size() == 1);
    WebhookStub.Received received = webhook.messagesFrom(waId).get(0);
    assertThat(WebhookSignature.isValid(received.body(), received.signature(), SECRET)).isTrue();
    JsonNode message = received.message();
    assertThat(message.path("type").asText()).isEqualTo("image");
    assertThat(message.path("image").path("mime_type").asText()).isEqualTo("image/png");
    assertThat(message.path("image").path("caption").asText()).isEqualTo("foto do medidor");
    assertThat(message.path("image").path("sha256").asText()).isNotBlank();
    String mediaId = message.path("image").path("id").asText();

    String url = http.get("/simulator/graph/v24.0/" + mediaId + "?phone_number_id=" + NUMBER, TestHttp.TOKEN).json()
        .path("url").asText();
    assertThat(http.get(url, TestHttp.TOKEN).body()).isEqualTo(png);
  }

  @Test
  void customerLocationArrivesAsLocationMessage() {
    String waId = "5511911110071";
    http.postJson("/simulator/api/customers/" + waId + "/messages", null,
        Map.of("location", Map.of("latitude", -23.5614, "longitude", -46.6559, "name", "Av. Paulista")));

    await().atMost(WAIT).until(() -> webhook.messagesFrom(waId).size() == 1);
    JsonNode message = webhook.messagesFrom(waId).get(0).message();
    assertThat(message.path("type").asText()).isEqualTo("location");
    assertThat(message.path("location").path("latitude").asDouble()).isEqualTo(-23.5614);
    assertThat(message.path("location").path("name").asText()).isEqualTo("Av. Paulista");
  }

  // ---- templates ----

  @Test
  void templatesAreListedWithStatusComponentsAndPaging() {
    TestHttp.Reply reply = http.get("/simulator/graph/v24.0/" + WABA + "/message_templates", TestHttp.TOKEN);
    assertThat(reply.status()).isEqualTo(200);
    List<JsonNode> data = new ArrayList<>();
    reply.json().path("data").forEach(data::add);
    assertThat(data).extracting(t -> t.path("name").asText())
        .contains("boas_vindas", "recontato", "promo_pendente");
    JsonNode recontato = data.stream().filter(t -> t.path("name").asText().equals("recontato")).findFirst().orElseThrow();
    assertThat(recontato.path("status").asText()).isEqualTo("APPROVED");
    assertThat(recontato.path("language").asText()).isEqualTo("pt_BR");
    assertThat(recontato.path("category").asText()).isEqualTo("UTILITY");
    assertThat(recontato.path("id").asText()).matches("\\d+");
    assertThat(recontato.path("components").toString()).contains("\"type\":\"BODY\"").contains("{{1}}");
    JsonNode pending = data.stream().filter(t -> t.path("name").asText().equals("promo_pendente")).findFirst().orElseThrow();
    assertThat(pending.path("status").asText()).isEqualTo("PENDING");

    JsonNode firstPage = http.get("/simulator/graph/v24.0/" + WABA + "/message_templates?limit=2", TestHttp.TOKEN).json();
    assertThat(firstPage.path("data")).hasSize(2);
    String next = firstPage.path("paging").path("next").asText();
    assertThat(next).contains("after=");
    JsonNode secondPage = http.get(next, TestHttp.TOKEN).json();
    assertThat(secondPage.path("data").path(0).path("name").asText()).isEqualTo(data.get(2).path("name").asText());

    assertThat(http.get("/simulator/graph/v24.0/999/message_templates", TestHttp.TOKEN).errorCode()).isEqualTo(100);
  }

  // ---- business-scoped user ids (BSUID) and username customers ----

  @Test
  void phoneCustomersWebhookCarriesThePhoneNumberAndTheBsuidButNoUsername() {
    String waId = "5511911110101";
    customerWrites(waId, "Oi");
    customerWrites(waId, "Tudo bem?");

    List<WebhookStub.Received> received = webhook.messagesFrom(waId);
    JsonNode contact = received.get(0).value().path("contacts").path(0);
    assertThat(contact.path("wa_id").asText()).isEqualTo(waId);
    String userId = contact.path("user_id").asText();
    assertThat(userId).matches("BR\\.\\d{1,20}");
    assertThat(contact.path("profile").path("name").asText()).isEqualTo("Cliente Teste");
    assertThat(contact.path("profile").has("username")).isFalse();
    JsonNode message = received.get(0).message();
    assertThat(message.path("from").asText()).isEqualTo(waId);
    assertThat(message.path("from_user_id").asText()).isEqualTo(userId);
    assertThat(received.get(1).value().path("contacts").path(0).path("user_id").asText())
        .as("the same customer keeps the same BSUID").isEqualTo(userId);
  }

  @Test
  void numberChangeArrivesAsUserChangedNumberFromTheOldNumberWithTheNewBsuid() {
    String before = "5511911110111";
    String after = "5511911110112";
    customerWrites(before, "Oi");

    TestHttp.Reply change = http.postJson("/simulator/api/customers/" + before + "/number-change", null, Map.of("newWaId", after));

    assertThat(change.status()).isEqualTo(202);
    await().atMost(WAIT).until(() -> webhook.messagesFrom(before).size() == 2);
    WebhookStub.Received received = webhook.messagesFrom(before).get(1);
    assertThat(received.value().has("contacts")).as("system messages come without contacts").isFalse();
    JsonNode message = received.message();
    assertThat(message.path("type").asText()).isEqualTo("system");
    JsonNode system = message.path("system");
    assertThat(system.path("type").asText()).isEqualTo("user_changed_number");
    assertThat(system.path("wa_id").asText()).isEqualTo(after);
    assertThat(system.path("body").asText()).contains(before).contains(after);
    String oldBsuid = webhook.messagesFrom(before).get(0).message().path("from_user_id").asText();
    assertThat(system.path("previous_user_id").asText()).isEqualTo(oldBsuid);
    assertThat(system.path("user_id").asText()).matches("BR\\.\\d{1,20}").isNotEqualTo(oldBsuid)
        .isEqualTo(change.json().path("userId").asText());
  }

  @Test
  void numberChangeNeedsAnotherFreePhoneNumber() {
    String waId = "5511911110113";
    customerWrites(waId, "Oi");
    customerWrites("5511911110114", "Oi");

    assertThat(http.postJson("/simulator/api/customers/" + waId + "/number-change", null, Map.of()).status()).isEqualTo(400);
    assertThat(http.postJson("/simulator/api/customers/" + waId + "/number-change", null, Map.of("newWaId", waId)).status())
        .isEqualTo(400);
    assertThat(http.postJson("/simulator/api/customers/" + waId + "/number-change", null, Map.of("newWaId", "5511911110114"))
        .status()).as("taken").isEqualTo(409);
    assertThat(http.postJson("/simulator/api/customers/BR.8802576394655843/number-change", null, Map.of("newWaId", "5511911110115"))
        .status()).as("a username customer shows no number").isEqualTo(400);
    assertThat(webhook.messagesFrom(waId)).hasSize(1);
  }

  @Test
  void usernameCustomersWebhookCarriesTheBsuidAndUsernameButNoPhoneNumber() {
    String userId = "BR.1502576394655101";
    TestHttp.Reply sent = http.postJson("/simulator/api/customers/" + userId + "/messages", null,
        Map.of("name", "Ana Lima", "username", "ana_lima", "text", "Oi, sou a Ana"));
    assertThat(sent.status()).isEqualTo(201);

    await().atMost(WAIT).until(() -> webhook.messagesFromUser(userId).size() == 1);
    WebhookStub.Received received = webhook.messagesFromUser(userId).get(0);
    assertThat(WebhookSignature.isValid(received.body(), received.signature(), SECRET)).isTrue();
    JsonNode contact = received.value().path("contacts").path(0);
    assertThat(contact.path("user_id").asText()).isEqualTo(userId);
    assertThat(contact.has("wa_id")).isFalse();
    assertThat(contact.path("profile").path("name").asText()).isEqualTo("Ana Lima");
    assertThat(contact.path("profile").path("username").asText()).isEqualTo("ana_lima");
    JsonNode message = received.message();
    assertThat(message.has("from")).isFalse();
    assertThat(message.path("from_user_id").asText()).isEqualTo(userId);
    assertThat(message.path("id").asText()).isEqualTo(sent.json().path("id").asText());
    assertThat(message.path("text").path("body").asText()).isEqualTo("Oi, sou a Ana");
  }

  @Test
  void usernameCustomerWithoutAGivenUsernameGetsOneFromTheProfileName() {
    String userId = "BR.1502576394655102";
    usernameCustomerWrites(userId, "João Ação", "Olá");

    JsonNode contact = webhook.messagesFromUser(userId).get(0).value().path("contacts").path(0);
    assertThat(contact.path("profile").path("username").asText()).isEqualTo("joao.acao");
    JsonNode listed = customerListed(userId);
    assertThat(listed.path("waId").isNull()).isTrue();
    assertThat(listed.path("userId").asText()).isEqualTo(userId);
    assertThat(listed.path("username").asText()).isEqualTo("joao.acao");
  }

  @Test
  void customerIdThatIsNeitherAPhoneNumberNorABsuidIsRefused() {
    TestHttp.Reply badBsuid = http.postJson("/simulator/api/customers/BR.15-02/messages", null, Map.of("text", "oi"));
    assertThat(badBsuid.status()).isEqualTo(400);
    assertThat(badBsuid.json().path("error").asText()).contains("BSUID");

    TestHttp.Reply usernameForAPhone = http.postJson("/simulator/api/customers/5511911110102/messages", null,
        Map.of("username", "ana", "text", "oi"));
    assertThat(usernameForAPhone.status()).isEqualTo(400);
    assertThat(usernameForAPhone.json().path("error").asText()).contains("username");
  }

  @Test
  void sendWithRecipientReachesTheUsernameCustomerAndAnswersWithUserIdOnly() {
    String userId = "BR.1502576394655103";
    usernameCustomerWrites(userId, "Bia", "Preciso de ajuda");

    TestHttp.Reply reply = http.postJson(MESSAGES, TestHttp.TOKEN, textToRecipient(userId, "Claro, diga"));

    assertThat(reply.status()).isEqualTo(200);
    JsonNode contact = reply.json().path("contacts").path(0);
    assertThat(contact.path("input").asText()).isEqualTo(userId);
    assertThat(contact.path("user_id").asText()).isEqualTo(userId);
    assertThat(contact.has("wa_id")).isFalse();
    String wamid = reply.json().path("messages").path(0).path("id").asText();
    await().atMost(WAIT).until(() -> webhook.statusNamesOf(wamid).size() == 2);
    assertThat(webhook.statusNamesOf(wamid)).containsExactly("sent", "delivered");
    assertThat(webhook.statusesOf(wamid)).allSatisfy(received -> {
      assertThat(received.status().path("recipient_user_id").asText()).isEqualTo(userId);
      assertThat(received.status().has("recipient_id")).isFalse();
    });
    assertThat(outbound(chat(userId, false), wamid).path("content").path("text").asText()).isEqualTo("Claro, diga");
  }

  @Test
  void toWinsWhenASendGivesBothToAndRecipient() {
    String waId = "5511911110104";
    customerWrites(waId, "Oi");

    TestHttp.Reply reply = http.postJson(MESSAGES, TestHttp.TOKEN, "{\"messaging_product\":\"whatsapp\",\"to\":\""
        + waId + "\",\"recipient\":\"BR.1502576394655104\",\"type\":\"text\",\"text\":{\"body\":\"Olá\"}}");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode contact = reply.json().path("contacts").path(0);
    assertThat(contact.path("input").asText()).isEqualTo(waId);
    assertThat(contact.path("wa_id").asText()).isEqualTo(waId);
    assertThat(contact.has("user_id")).isFalse();
    String wamid = reply.json().path("messages").path(0).path("id").asText();
    await().atMost(WAIT).until(() -> webhook.statusNamesOf(wamid).contains("delivered"));
    JsonNode status = webhook.statusesOf(wamid).get(0).status();
    assertThat(status.path("recipient_id").asText()).isEqualTo(waId);
    assertThat(status.path("recipient_user_id").asText()).isEqualTo(CustomerId.bsuidOf(waId));
    assertThat(chat("BR.1502576394655104", false).path("messages")).isEmpty();
  }

  @Test
  void sendWithNeitherToNorRecipientOrWithAMalformedRecipientIsRefused() {
    TestHttp.Reply neither = http.postJson(MESSAGES, TestHttp.TOKEN,
        "{\"messaging_product\":\"whatsapp\",\"type\":\"text\",\"text\":{\"body\":\"oi\"}}");
    assertThat(neither.status()).isEqualTo(400);
    assertThat(neither.errorCode()).isEqualTo(131008);
    assertThat(neither.json().path("error").path("error_data").path("details").asText()).contains("recipient");

    TestHttp.Reply malformed = http.postJson(MESSAGES, TestHttp.TOKEN, textToRecipient("5511911110105", "oi"));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.errorCode()).isEqualTo(131009);
  }

  @Test
  void sendToThePhoneAndSendToTheBsuidOfOnePhoneCustomerShareTheChatAndTheWindow() {
    String waId = "5511911110106";
    customerWrites(waId, "Oi");
    String userId = webhook.messagesFrom(waId).get(0).message().path("from_user_id").asText();

    TestHttp.Reply byBsuid = http.postJson(MESSAGES, TestHttp.TOKEN, textToRecipient(userId, "Pelo BSUID"));
    TestHttp.Reply byPhone = http.postJson(MESSAGES, TestHttp.TOKEN, textTo(waId, "Pelo telefone"));

    assertThat(byBsuid.json().path("contacts").path(0).path("user_id").asText()).isEqualTo(userId);
    assertThat(byBsuid.json().path("contacts").path(0).has("wa_id")).isFalse();
    String viaBsuid = byBsuid.json().path("messages").path(0).path("id").asText();
    String viaPhone = byPhone.json().path("messages").path(0).path("id").asText();
    await().atMost(WAIT).until(() -> webhook.statusNamesOf(viaBsuid).contains("delivered")
        && webhook.statusNamesOf(viaPhone).contains("delivered"));
    JsonNode bsuidStatus = webhook.statusesOf(viaBsuid).get(0).status();
    assertThat(bsuidStatus.path("recipient_user_id").asText()).isEqualTo(userId);
    assertThat(bsuidStatus.has("recipient_id")).isFalse();
    JsonNode phoneStatus = webhook.statusesOf(viaPhone).get(0).status();
    assertThat(phoneStatus.path("recipient_id").asText()).isEqualTo(waId);
    assertThat(phoneStatus.path("recipient_user_id").asText()).isEqualTo(userId);
    JsonNode chat = chat(waId, false);
    assertThat(outbound(chat, viaBsuid).path("status").asText()).isEqualTo("delivered");
    assertThat(outbound(chat, viaPhone).path("status").asText()).isEqualTo("delivered");
    assertThat(chat.path("userId").asText()).isEqualTo(userId);
    assertThat(chat(userId, false).path("waId").asText()).as("the BSUID opens the same chat").isEqualTo(waId);
  }

  @Test
  void freeFormSendToAUsernameCustomerOutsideTheWindowFailsWith131047() {
    String userId = "BR.1502576394655107";
    http.postJson("/simulator/api/customers/" + userId + "/messages", null,
        Map.of("name", "Caio", "text", "ontem", "sentAt", Instant.now().minus(Duration.ofHours(25)).toString()));
    String neverWrote = "BR.1502576394655108";

    String late = http.postJson(MESSAGES, TestHttp.TOKEN, textToRecipient(userId, "Ainda precisa?")).json()
        .path("messages").path(0).path("id").asText();
    String cold = http.postJson(MESSAGES, TestHttp.TOKEN, textToRecipient(neverWrote, "Oi")).json()
        .path("messages").path(0).path("id").asText();

    await().atMost(WAIT).until(() -> webhook.statusNamesOf(late).contains("failed")
        && webhook.statusNamesOf(cold).contains("failed"));
    for (String wamid : List.of(late, cold)) {
      assertThat(webhook.statusNamesOf(wamid)).containsExactly("failed");
      JsonNode status = webhook.statusesOf(wamid).get(0).status();
      assertThat(status.path("errors").path(0).path("code").asInt()).isEqualTo(131047);
      assertThat(status.has("recipient_id")).isFalse();
    }
    assertThat(outbound(chat(userId, false), late).path("error").path("code").asInt()).isEqualTo(131047);
  }

  @Test
  void templateToAUsernameCustomerOutsideTheWindowIsDelivered() {
    String userId = "BR.1502576394655109";

    TestHttp.Reply reply = http.postJson(MESSAGES, TestHttp.TOKEN,
        template(userId, "recontato", "pt_BR", "Caio").replace("\"to\":", "\"recipient\":"));

    assertThat(reply.status()).isEqualTo(200);
    String wamid = reply.json().path("messages").path(0).path("id").asText();
    await().atMost(WAIT).until(() -> webhook.statusNamesOf(wamid).size() == 2);
    assertThat(webhook.statusNamesOf(wamid)).containsExactly("sent", "delivered");
  }

  @Test
  void markAsReadAndTypingWorkOnAUsernameCustomersMessageAsOnAnyOther() {
    String userId = "BR.1502576394655110";
    String inbound = usernameCustomerWrites(userId, "Duda", "Alguém aí?");

    TestHttp.Reply reply = http.postJson(MESSAGES, TestHttp.TOKEN,
        "{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"" + inbound + "\","
            + "\"typing_indicator\":{\"type\":\"text\"}}");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode chat = chat(userId, false);
    assertThat(chat.path("messages").path(0).path("readByBusiness").asBoolean()).isTrue();
    assertThat(chat.path("windows").path(0).path("businessTyping").asBoolean()).isTrue();
  }

  @Test
  void usernameCustomersFileArrivesWithTheBsuidAndNoPhoneNumber() {
    String userId = "BR.1502576394655111";
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 2};

    TestHttp.Reply sent = http.postFile("/simulator/api/customers/" + userId + "/messages", null,
        Map.of("name", "Eva", "username", "eva.m"), "foto.png", "image/png", png);

    assertThat(sent.status()).isEqualTo(201);
    await().atMost(WAIT).until(() -> webhook.messagesFromUser(userId).size() == 1);
    WebhookStub.Received received = webhook.messagesFromUser(userId).get(0);
    assertThat(received.message().path("type").asText()).isEqualTo("image");
    assertThat(received.message().has("from")).isFalse();
    assertThat(received.value().path("contacts").path(0).has("wa_id")).isFalse();
    assertThat(received.value().path("contacts").path(0).path("profile").path("username").asText()).isEqualTo("eva.m");
  }

  // ---- helpers ----

  /** The customer writes a text; returns its wamid once the webhook has it. */
  private String customerWrites(String waId, String text) {
    String id = http.postJson("/simulator/api/customers/" + waId + "/messages", null, Map.of("name", "Cliente Teste",
        "text", text)).json().path("id").asText();
    await().atMost(WAIT).until(() -> webhook.messagesFrom(waId).stream()
        .anyMatch(r -> r.message().path("id").asText().equals(id)));
    return id;
  }

  /** A username customer (named by the BSUID) writes a text; returns its wamid once the webhook has it. */
  private String usernameCustomerWrites(String userId, String name, String text) {
    String id = http.postJson("/simulator/api/customers/" + userId + "/messages", null, Map.of("name", name,
        "text", text)).json().path("id").asText();
    await().atMost(WAIT).until(() -> webhook.messagesFromUser(userId).stream()
        .anyMatch(r -> r.message().path("id").asText().equals(id)));
    return id;
  }

  private JsonNode customerListed(String id) {
    for (JsonNode c : http.get("/simulator/api/customers", null).json()) {
      if (c.path("id").asText().equals(id)) {
        return c;
      }
    }
    throw new AssertionError("customer " + id + " not listed");
  }

  private JsonNode chat(String waId, boolean markRead) {
    TestHttp.Reply reply = http.get("/simulator/api/customers/" + waId + "/messages?markRead=" + markRead, null);
    assertThat(reply.status()).isEqualTo(200);
    return reply.json();
  }

  private static JsonNode outbound(JsonNode chat, String wamid) {
    for (JsonNode m : chat.path("messages")) {
      if (m.path("id").asText().equals(wamid)) {
        return m;
      }
    }
    throw new AssertionError("message " + wamid + " not in chat " + chat);
  }

  private static String textTo(String to, String body) {
    return "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"" + to
        + "\",\"type\":\"text\",\"text\":{\"preview_url\":false,\"body\":\"" + body + "\"}}";
  }

  private static String textToRecipient(String recipient, String body) {
    return "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"recipient\":\"" + recipient
        + "\",\"type\":\"text\",\"text\":{\"preview_url\":false,\"body\":\"" + body + "\"}}";
  }

  private static String template(String to, String name, String language, String... params) {
    String parameters = String.join(",", Stream.of(params)
        .map(p -> "{\"type\":\"text\",\"text\":\"" + p + "\"}").toList());
    String components = params.length == 0 ? ""
        : ",\"components\":[{\"type\":\"body\",\"parameters\":[" + parameters + "]}]";
    return "{\"messaging_product\":\"whatsapp\",\"to\":\"" + to + "\",\"type\":\"template\",\"template\":{\"name\":\""
        + name + "\",\"language\":{\"code\":\"" + language + "\"}" + components + "}}";
  }
}
