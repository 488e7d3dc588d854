package io.atende.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.atende.whatsapp.WebhookSignature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The simulator's template management over HTTP, as Meta serves it: create, list, edit and delete on the Graph API
 * with Meta's shapes and errors, the asynchronous review and Meta's own actions announced by signed webhooks.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.datasource.url=jdbc:h2:mem:simulator-templates-test;DB_CLOSE_DELAY=-1",
        "atende.simulator.template-review-delay=300ms",
        "atende.simulator.webhook-retry-delay=100ms",
        "atende.templates.sync-on-start=false",
    })
class TemplateManagementSimulatorTest {

  static final String WABA = "102290129340398";
  static final String TEMPLATES = "/simulator/graph/v24.0/" + WABA + "/message_templates";
  static final String MESSAGES = "/simulator/graph/v24.0/106540352242922/messages";
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

  @Test
  void aCreatedTemplateIsPendingThenApprovedWithASignedStatusWebhookAndCanBeSent() {
    TestHttp.Reply created = create("aviso_entrega", "UTILITY", "Olá {{1}}, seu pedido {{2}} saiu para entrega hoje.",
        "Ana", "123");

    assertThat(created.status()).isEqualTo(200);
    String id = created.json().path("id").asText();
    assertThat(id).matches("\\d{16}");
    assertThat(created.json().path("status").asText()).isEqualTo("PENDING");
    assertThat(created.json().path("category").asText()).isEqualTo("UTILITY");
    assertThat(listed("aviso_entrega").path("status").asText()).isEqualTo("PENDING");

    WebhookStub.Received approved = await().atMost(WAIT).until(() -> statusEvent(id, "APPROVED"), r -> r != null);
    assertThat(WebhookSignature.isValid(approved.body(), approved.signature(), "simulator-app-secret")).isTrue();
    JsonNode entry = approved.json().path("entry").path(0);
    assertThat(approved.json().path("object").asText()).isEqualTo("whatsapp_business_account");
    assertThat(entry.path("id").asText()).isEqualTo(WABA);
    assertThat(entry.path("time").isNumber()).isTrue();
    assertThat(entry.path("changes").path(0).path("field").asText()).isEqualTo("message_template_status_update");
    JsonNode value = approved.value();
    assertThat(value.path("message_template_id").isNumber()).isTrue();
    assertThat(value.path("message_template_id").asText()).isEqualTo(id);
    assertThat(value.path("message_template_name").asText()).isEqualTo("aviso_entrega");
    assertThat(value.path("message_template_language").asText()).isEqualTo("pt_BR");
    assertThat(value.path("message_template_category").asText()).isEqualTo("UTILITY");
    assertThat(value.path("reason").asText()).isEqualTo("NONE");

    JsonNode node = http.get("/simulator/graph/v24.0/" + id + "?fields=name,status,quality_score,rejected_reason",
        TestHttp.TOKEN).json();
    assertThat(node.path("status").asText()).isEqualTo("APPROVED");
    assertThat(node.path("quality_score").path("score").asText()).isEqualTo("UNKNOWN");
    assertThat(node.has("components")).as("only the fields asked for").isFalse();

    TestHttp.Reply sent = http.postJson(MESSAGES, TestHttp.TOKEN, send("5511911120001", "aviso_entrega",
        "{\"type\":\"text\",\"text\":\"Ana\"},{\"type\":\"text\",\"text\":\"123\"}"));
    assertThat(sent.status()).isEqualTo(200);
  }

  @Test
  void aPromotionalUtilityTemplateIsRejectedWithItsReason() {
    String id = create("oferta_utilidade", "UTILITY", "Aproveite {{1}} de desconto nesta semana na loja.", "20%")
        .json().path("id").asText();

    WebhookStub.Received rejected = await().atMost(WAIT).until(() -> statusEvent(id, "REJECTED"), r -> r != null);

    assertThat(rejected.value().path("reason").asText()).isEqualTo("PROMOTIONAL");
    assertThat(listed("oferta_utilidade").path("status").asText()).isEqualTo("REJECTED");
    TestHttp.Reply send = http.postJson(MESSAGES, TestHttp.TOKEN,
        send("5511911120002", "oferta_utilidade", "{\"type\":\"text\",\"text\":\"20%\"}"));
    assertThat(send.errorCode()).isEqualTo(132001);
  }

  @Test
  void aPromotionalUtilityTemplateAllowedToChangeCategoryIsApprovedAsMarketingAndTheChangeAnnounced() {
    String id = http.postJson(TEMPLATES, TestHttp.TOKEN, Map.of("name", "oferta_recategorizada", "language", "pt_BR",
        "category", "UTILITY", "allow_category_change", true, "components", List.of(Map.of("type", "BODY",
            "text", "Aproveite o desconto desta semana na loja.")))).json().path("id").asText();

    WebhookStub.Received approved = await().atMost(WAIT).until(() -> statusEvent(id, "APPROVED"), r -> r != null);
    WebhookStub.Received moved = await().atMost(WAIT).until(() -> event(id, "template_category_update", null),
        r -> r != null);

    assertThat(approved.value().path("message_template_category").asText()).isEqualTo("MARKETING");
    assertThat(moved.value().path("previous_category").asText()).isEqualTo("UTILITY");
    assertThat(moved.value().path("new_category").asText()).isEqualTo("MARKETING");
    assertThat(listed("oferta_recategorizada").path("category").asText()).isEqualTo("MARKETING");
  }

  @Test
  void badSubmissionsAreRefusedWithMetasErrorShape() {
    TestHttp.Reply edge = create("variavel_no_fim", "UTILITY", "Seu pedido saiu para entrega hoje, {{1}}.", "Ana");
    assertThat(edge.status()).isEqualTo(400);
    JsonNode error = edge.json().path("error");
    assertThat(error.path("message").asText()).isEqualTo("Invalid parameter");
    assertThat(error.path("type").asText()).isEqualTo("OAuthException");
    assertThat(error.path("code").asInt()).isEqualTo(100);
    assertThat(error.path("error_subcode").asInt()).isEqualTo(2388299);
    assertThat(error.path("is_transient").asBoolean(true)).isFalse();
    assertThat(error.path("error_user_title").asText()).isEqualTo("Leading or trailing params not allowed");
    assertThat(error.path("error_user_msg").asText()).isEqualTo("Variables can't be at the start or end of the template.");
    assertThat(error.path("fbtrace_id").asText()).isNotBlank();

    assertThat(create("Nome Ruim", "UTILITY", "Olá, tudo certo por aqui.").json().path("error")
        .path("error_user_title").asText()).isEqualTo("Invalid template name");
    assertThat(http.postJson(TEMPLATES, TestHttp.TOKEN, Map.of("name", "sem_exemplo", "language", "pt_BR",
        "category", "UTILITY", "components", List.of(Map.of("type", "BODY",
            "text", "Olá {{1}}, seu pedido saiu para entrega hoje.")))).json().path("error").path("error_user_title")
        .asText()).isEqualTo("Sample is missing");
    assertThat(create("longo_demais", "UTILITY", "Texto " + "a".repeat(1024)).json().path("error")
        .path("error_subcode").asInt()).isEqualTo(2388040);
    assertThat(http.postJson(TEMPLATES, TestHttp.TOKEN, "{not json").errorCode()).isEqualTo(100);
    assertThat(http.postJson("/simulator/graph/v24.0/999/message_templates", TestHttp.TOKEN, "{}").errorCode())
        .isEqualTo(100);
    assertThat(http.postJson(TEMPLATES, "wrong", "{}").errorCode()).isEqualTo(190);

    assertThat(create("duplicado", "UTILITY", "Olá, tudo certo por aqui.").status()).isEqualTo(200);
    TestHttp.Reply duplicate = create("duplicado", "UTILITY", "Olá, outra versão por aqui.");
    assertThat(duplicate.json().path("error").path("error_subcode").asInt()).isEqualTo(2388024);
    assertThat(duplicate.json().path("error").path("error_user_msg").asText()).contains("Portuguese (Brazil)");
  }

  @Test
  void anEditGoesBackToReviewAndAnApprovedTemplateIsEditedOnceADay() {
    String id = create("aviso_editavel", "UTILITY", "Seu boleto vence amanhã, não esqueça.").json().path("id").asText();
    TestHttp.Reply whilePending = edit(id, "Seu boleto vence amanhã; pague em dia.");
    assertThat(whilePending.json().path("error").path("error_user_title").asText()).isEqualTo("Template can't be edited");
    await().atMost(WAIT).until(() -> statusEvent(id, "APPROVED") != null);

    TestHttp.Reply edited = edit(id, "Seu boleto vence amanhã; pague em dia, por favor.");
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.json().path("success").asBoolean()).isTrue();
    assertThat(listed("aviso_editavel").path("status").asText()).isEqualTo("PENDING");
    await().atMost(WAIT).until(() -> statusEvents(id, "APPROVED").size() == 2);
    assertThat(listed("aviso_editavel").path("components").toString()).contains("por favor");

    TestHttp.Reply again = edit(id, "Seu boleto vence amanhã.");
    assertThat(again.json().path("error").path("error_user_title").asText()).isEqualTo("Edit limit reached");
    assertThat(edit("1999999999999999", "Qualquer texto aqui.").errorCode()).isEqualTo(100);
  }

  @Test
  void deletingByNameRemovesTheTemplateFromListingAndSendsAndKeepsTheNameFor30Days() {
    String id = create("aviso_apagado", "UTILITY", "Seu atendimento foi encerrado hoje.").json().path("id").asText();
    await().atMost(WAIT).until(() -> statusEvent(id, "APPROVED") != null);

    assertThat(http.delete(TEMPLATES + "?name=aviso_apagado&hsm_id=1999999999999999", TestHttp.TOKEN).json()
        .path("error").path("error_user_title").asText()).isEqualTo("Message template not found");
    TestHttp.Reply deleted = http.delete(TEMPLATES + "?name=aviso_apagado&hsm_id=" + id, TestHttp.TOKEN);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().path("success").asBoolean()).isTrue();

    assertThat(listed("aviso_apagado")).isNull();
    assertThat(http.postJson(MESSAGES, TestHttp.TOKEN, send("5511911120003", "aviso_apagado", null)).errorCode())
        .isEqualTo(132001);
    assertThat(create("aviso_apagado", "UTILITY", "Seu atendimento foi encerrado hoje.").json().path("error")
        .path("error_user_title").asText()).isEqualTo("Template name unavailable");
    assertThat(http.delete(TEMPLATES, TestHttp.TOKEN).errorCode()).isEqualTo(100);
  }

  @Test
  void metaPausingDisablingAndRatingATemplateIsAnnouncedAndSendsFailWithMetasCodes() {
    String id = create("aviso_pausavel", "UTILITY", "Sua fatura já está disponível no aplicativo.").json().path("id").asText();
    await().atMost(WAIT).until(() -> statusEvent(id, "APPROVED") != null);

    TestHttp.Reply rated = http.postJson(TemplateApi.BASE + "/" + id + "/quality", null, Map.of("score", "RED"));
    assertThat(rated.status()).isEqualTo(200);
    WebhookStub.Received quality = await().atMost(WAIT).until(() -> event(id, "message_template_quality_update", null),
        r -> r != null);
    assertThat(quality.value().path("previous_quality_score").asText()).isEqualTo("UNKNOWN");
    assertThat(quality.value().path("new_quality_score").asText()).isEqualTo("RED");

    assertThat(http.postJson(TemplateApi.BASE + "/" + id + "/status", null, Map.of("action", "PAUSE")).status())
        .isEqualTo(200);
    WebhookStub.Received paused = await().atMost(WAIT).until(() -> statusEvent(id, "PAUSED"), r -> r != null);
    assertThat(paused.value().path("other_info").path("title").asText()).isEqualTo("FIRST_PAUSE");
    assertThat(http.postJson(MESSAGES, TestHttp.TOKEN, send("5511911120004", "aviso_pausavel", null)).errorCode())
        .isEqualTo(132015);
    assertThat(http.postJson(TemplateApi.BASE + "/" + id + "/status", null, Map.of("action", "PAUSE")).status())
        .as("a paused template cannot be paused again").isEqualTo(409);

    http.postJson(TemplateApi.BASE + "/" + id + "/status", null, Map.of("action", "DISABLE"));
    WebhookStub.Received disabled = await().atMost(WAIT).until(() -> statusEvent(id, "DISABLED"), r -> r != null);
    assertThat(disabled.value().path("disable_info").path("disable_date").isNumber()).isTrue();
    assertThat(http.postJson(MESSAGES, TestHttp.TOKEN, send("5511911120004", "aviso_pausavel", null)).errorCode())
        .isEqualTo(132016);
    assertThat(http.postJson(TemplateApi.BASE + "/" + id + "/status", null, Map.of("action", "NAP")).status())
        .isEqualTo(400);
    assertThat(http.postJson(TemplateApi.BASE + "/1999999999999999/status", null, Map.of("action", "PAUSE")).status())
        .isEqualTo(404);
  }

  @Test
  void listingPagesThroughEveryTemplateWithCursors() {
    List<String> names = new ArrayList<>();
    String next = TEMPLATES + "?limit=2&fields=name,status";
    while (next != null) {
      JsonNode page = http.get(next, TestHttp.TOKEN).json();
      page.path("data").forEach(t -> {
        names.add(t.path("name").asText());
        assertThat(t.has("components")).isFalse();
      });
      next = page.path("paging").path("next").asText(null);
    }
    assertThat(names).contains("boas_vindas", "recontato", "pesquisa_satisfacao", "promo_pendente", "aviso_pausado");
    assertThat(names).doesNotHaveDuplicates();
  }

  // ---- helpers ----

  private TestHttp.Reply create(String name, String category, String body, String... examples) {
    Map<String, Object> bodyComponent = examples.length == 0
        ? Map.of("type", "BODY", "text", body)
        : Map.of("type", "BODY", "text", body, "example", Map.of("body_text", List.of(List.of(examples))));
    return http.postJson(TEMPLATES, TestHttp.TOKEN, Map.of("name", name, "language", "pt_BR", "category", category,
        "components", List.of(bodyComponent)));
  }

  private TestHttp.Reply edit(String id, String body) {
    return http.postJson("/simulator/graph/v24.0/" + id, TestHttp.TOKEN,
        Map.of("components", List.of(Map.of("type", "BODY", "text", body))));
  }

  private JsonNode listed(String name) {
    for (JsonNode t : http.get(TEMPLATES + "?name=" + name + "&limit=100", TestHttp.TOKEN).json().path("data")) {
      if (t.path("name").asText().equals(name)) {
        return t;
      }
    }
    return null;
  }

  private static String send(String to, String template, String bodyParameters) {
    String components = bodyParameters == null ? ""
        : ",\"components\":[{\"type\":\"body\",\"parameters\":[" + bodyParameters + "]}]";
    return "{\"messaging_product\":\"whatsapp\",\"to\":\"" + to + "\",\"type\":\"template\",\"template\":{\"name\":\""
        + template + "\",\"language\":{\"code\":\"pt_BR\"}" + components + "}}";
  }

  private static List<WebhookStub.Received> statusEvents(String id, String event) {
    return webhook.all().stream()
        .filter(r -> "message_template_status_update".equals(field(r)))
        .filter(r -> r.value().path("message_template_id").asText().equals(id)
            && r.value().path("event").asText().equals(event))
        .toList();
  }

  private static WebhookStub.Received statusEvent(String id, String event) {
    return event(id, "message_template_status_update", event);
  }

  private static WebhookStub.Received event(String id, String field, String event) {
    return webhook.all().stream()
        .filter(r -> field.equals(field(r)))
        .filter(r -> r.value().path("message_template_id").asText().equals(id)
            && (event == null || r.value().path("event").asText().equals(event)))
        .findFirst().orElse(null);
  }

  private static String field(WebhookStub.Received r) {
    return r.json().path("entry").path(0).path("changes").path(0).path("field").asText();
  }
}
