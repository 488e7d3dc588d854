package io.atende.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * {@code /api/templates} over HTTP: agents list, read and preview; only administrators change templates, and an agent
 * who tries anyway changes nothing, at WhatsApp or here. Errors are RFC 9457 problems.
 */
class TemplateApiTest extends TemplateServiceTest {

  @BeforeEach
  void synced() {
    if (byName("lote_030").isEmpty()) {
      administration.sync();
    }
  }

  // ---- what everyone may do ----

  @Test
  void anAgentListsApprovedTemplatesWithTheirVariables() {
    ResponseEntity<JsonNode> list = as("ana").getForEntity("/api/templates?status=APPROVED", JsonNode.class);

    assertThat(list.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(list.getBody().size()).isGreaterThanOrEqualTo(CONFIGURED - 10);
    list.getBody().forEach(t -> assertThat(t.path("status").asText()).isEqualTo("APPROVED"));
    JsonNode first = as("ana").getForObject("/api/templates?name=lote_001", JsonNode.class).get(0);
    assertThat(first.path("statusLabel").asText()).isEqualTo("aprovado");
    assertThat(first.path("variables")).hasSize(2);
    assertThat(first.path("variables").get(1).path("label").asText()).isEqualTo("{{2}} do corpo");
    assertThat(as("ana").getForEntity("/api/templates/" + first.path("id").asText(), JsonNode.class).getBody()
        .path("name").asText()).isEqualTo("lote_001");
  }

  @Test
  void anAgentPreviewsATemplateFilledInOrLearnsWhatIsMissing() {
    String id = byName("lote_001").orElseThrow().id();

    ResponseEntity<JsonNode> preview = as("ana").postForEntity("/api/templates/" + id + "/preview",
        Map.of("variables", List.of("Ana", "555")), JsonNode.class);
    ResponseEntity<JsonNode> missing = as("ana").postForEntity("/api/templates/" + id + "/preview",
        Map.of("variables", List.of("Ana")), JsonNode.class);

    assertThat(preview.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(preview.getBody().path("body").asText()).isEqualTo("Olá Ana, seu pedido 555 saiu para entrega hoje.");
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(missing.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(missing.getBody().path("problem").asText()).isEqualTo("MISSING_VARIABLE");
    assertThat(missing.getBody().path("detail").asText()).isEqualTo("Falta a variável {{2}} do corpo do modelo lote_001.");
  }

  @Test
  void withoutCredentialsNothingIsAnswered() {
    assertThat(rest.getForEntity("/api/templates", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    // a user of no one else's tests: Camunda delays a user's next login after a wrong password
    assertThat(rest.withBasicAuth("ninguem", "errada").getForEntity("/api/templates", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void anUnknownTemplateIs404() {
    ResponseEntity<JsonNode> missing = as("ana").getForEntity("/api/templates/1999999999999999", JsonNode.class);

    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(missing.getBody().path("detail").asText()).contains("1999999999999999");
  }

  // ---- what only administrators may do ----

  @Test
  void aHostileAgentCannotCreateEditDeleteSyncOrRouteTemplatesAndChangesNothing() {
    TestRestTemplate agent = as("bruno");
    TemplateRecord target = byName("lote_030").orElseThrow();
    String id = target.id();

    List<ResponseEntity<JsonNode>> attempts = List.of(
        agent.postForEntity("/api/templates", create("invasor_criado", "Olá, tudo certo por aqui hoje."), JsonNode.class),
        agent.exchange("/api/templates/" + id, HttpMethod.PUT, json(Map.of("body", Map.of("text", "Texto do invasor."))),
            JsonNode.class),
        agent.exchange("/api/templates/" + id + "/response-queue", HttpMethod.PUT, json(Map.of("responseQueue", "suporte")),
            JsonNode.class),
        agent.exchange("/api/templates/" + id, HttpMethod.DELETE, null, JsonNode.class),
        agent.postForEntity("/api/templates/sync", null, JsonNode.class),
        agent.getForEntity("/api/templates/response-queues", JsonNode.class));

    assertThat(attempts).allSatisfy(r -> {
      assertThat(r.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(r.getBody().path("detail").asText()).contains("camunda-admin");
    });
    assertThat(whatsAppHas("invasor_criado")).isFalse();
    assertThat(whatsAppHas("lote_030")).isTrue();
    TemplateRecord after = byName("lote_030").orElseThrow();
    assertThat(after.body()).isEqualTo(target.body());
    assertThat(after.responseQueue()).isEqualTo(target.responseQueue());
    assertThat(after.status()).isEqualTo("APPROVED");
  }

  @Test
  void anAdministratorCreatesATemplateThatWhatsAppApprovesAndEditsAndDeletesIt() {
    ResponseEntity<JsonNode> created = as("admin").postForEntity("/api/templates", Map.of(
        "name", "aviso_api", "language", "pt_BR", "category", "UTILITY",
        "header", Map.of("format", "TEXT", "text", "Pedido {{1}}", "examples", List.of("123")),
        "body", Map.of("text", "Olá {{1}}, seu pedido {{2}} saiu para entrega hoje.", "examples", List.of("Ana", "123")),
        "footer", "Equipe Atende",
        "buttons", List.of(Map.of("type", "QUICK_REPLY", "text", "Falar com atendente"),
            Map.of("type", "URL", "text", "Acompanhar", "url", "https://loja.example/p/{{1}}", "example", "123")),
        "responseQueue", "comercial"), JsonNode.class);

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String id = created.getBody().path("id").asText();
    assertThat(created.getHeaders().getLocation().getPath()).isEqualTo("/api/templates/" + id);
    assertThat(created.getBody().path("status").asText()).isEqualTo("PENDING");
    assertThat(created.getBody().path("responseQueue").asText()).isEqualTo("comercial");
    assertThat(whatsAppHas("aviso_api")).isTrue();
    awaitTemplate("aviso_api", t -> t.status().equals("APPROVED"));

    ResponseEntity<JsonNode> edited = as("admin").exchange("/api/templates/" + id, HttpMethod.PUT, json(Map.of(
        "body", Map.of("text", "Olá {{1}}, seu pedido {{2}} já saiu para entrega.", "examples", List.of("Ana", "123")))),
        JsonNode.class);
    assertThat(edited.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(edited.getBody().path("status").asText()).isEqualTo("PENDING");
    TemplateRecord approvedAgain = awaitTemplate("aviso_api", t -> t.status().equals("APPROVED"));
    assertThat(approvedAgain.body()).isEqualTo("Olá {{1}}, seu pedido {{2}} já saiu para entrega.");
    assertThat(approvedAgain.component("HEADER")).as("an edit replaces the whole content").isEmpty();

    ResponseEntity<JsonNode> queue = as("admin").exchange("/api/templates/" + id + "/response-queue", HttpMethod.PUT,
        json(Map.of("responseQueue", "suporte")), JsonNode.class);
    assertThat(queue.getBody().path("responseQueue").asText()).isEqualTo("suporte");
    assertThat(as("admin").exchange("/api/templates/" + id + "/response-queue", HttpMethod.PUT,
        json(Map.of("responseQueue", "inexistente")), JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    ResponseEntity<Void> deleted = as("admin").exchange("/api/templates/" + id, HttpMethod.DELETE, null, Void.class);
    assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(byName("aviso_api")).isEmpty();
    assertThat(whatsAppHas("aviso_api")).isFalse();
  }

  @Test
  void whatsAppsRefusalReachesTheAdministratorAsAProblemAndNothingIsRegistered() {
    ResponseEntity<JsonNode> refused = as("admin").postForEntity("/api/templates",
        create("variavel_na_ponta", "Seu pedido saiu para entrega hoje, {{1}}."), JsonNode.class);

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().path("detail").asText()).isEqualTo("Variables can't be at the start or end of the template.");
    assertThat(refused.getBody().path("metaCode").asInt()).isEqualTo(100);
    assertThat(refused.getBody().path("metaSubcode").asInt()).isEqualTo(2388299);
    assertThat(byName("variavel_na_ponta")).isEmpty();
  }

  @Test
  void badRequestsAreProblemsNamingTheField() {
    assertThat(as("admin").postForEntity("/api/templates", Map.of("language", "pt_BR", "category", "UTILITY",
        "body", Map.of("text", "Olá.")), JsonNode.class).getBody().path("detail").asText()).isEqualTo("name is required");
    assertThat(as("admin").postForEntity("/api/templates", Map.of("name", "x", "language", "pt_BR", "category", "VENDAS",
        "body", Map.of("text", "Olá.")), JsonNode.class).getBody().path("detail").asText()).contains("category");
    ResponseEntity<JsonNode> malformed = as("admin").exchange("/api/templates", HttpMethod.POST,
        new HttpEntity<>("{not json", jsonHeaders()), JsonNode.class);
    assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(malformed.getBody().path("detail").asText()).contains("not valid JSON");
  }

  @Test
  void anAdministratorSeesTheQueuesARepliesMayGoTo() {
    JsonNode queues = as("admin").getForObject("/api/templates/response-queues", JsonNode.class);

    assertThat(queues.findValuesAsText("id")).contains("atendimento", "comercial", "financeiro", "suporte")
        .doesNotContain("camunda-admin");
  }

  private static Map<String, Object> create(String name, String body) {
    return Map.of("name", name, "language", "pt_BR", "category", "UTILITY",
        "body", Map.of("text", body, "examples", List.of("Ana")));
  }

  private static HttpEntity<Object> json(Object body) {
    return new HttpEntity<>(body, jsonHeaders());
  }

  private static HttpHeaders jsonHeaders() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }
}
