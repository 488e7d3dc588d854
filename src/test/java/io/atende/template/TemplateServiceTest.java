package io.atende.template;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service with the bundled simulator as WhatsApp, whose account holds {@link #CONFIGURED} templates (more than a
 * listing page), and no sync at start: each test syncs when it needs to. The test classes share this context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:template-service-test;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.simulator.template-review-delay=300ms",
    "atende.templates.sync-on-start=false"})
abstract class TemplateServiceTest {

  static final int CONFIGURED = 150;
  static final String WABA = "102290129340398";
  static final String GRAPH = "/simulator/graph/v24.0/";
  static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void accountWithManyTemplates(DynamicPropertyRegistry registry) {
    for (int i = 1; i <= CONFIGURED; i++) {
      int n = i;
      registry.add("atende.simulator.templates[" + (i - 1) + "].name", () -> String.format("lote_%03d", n));
      registry.add("atende.simulator.templates[" + (i - 1) + "].body",
          () -> n == 1 ? "Olá {{1}}, seu pedido {{2}} saiu para entrega hoje." : "Aviso " + n + " do lote: confira sua conta hoje.");
    }
  }

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired TemplateRegistry registry;
  @Autowired TemplateAdministration administration;

  TestRestTemplate as(String user) {
    return rest.withBasicAuth(user, user);
  }

  Optional<TemplateRecord> byName(String name) {
    return registry.byName(name).stream().findFirst();
  }

  TemplateRecord awaitTemplate(String name, Predicate<TemplateRecord> condition) {
    return await(name + " in the registry").atMost(WAIT).until(() -> byName(name).orElse(null),
        t -> t != null && condition.test(t));
  }

  /** A Graph API call straight to the simulator, as someone working in WhatsApp Manager would change the account. */
  JsonNode graph(String method, String path, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + GRAPH + path))
        .header("Authorization", "Bearer simulator-access-token")
        .header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    try {
      return JSON.readTree(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Whether the simulator (WhatsApp) has a live template of that name. */
  boolean whatsAppHas(String name) {
    for (JsonNode t : graph("GET", WABA + "/message_templates?limit=1000&name=" + name, null).path("data")) {
      if (t.path("name").asText().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
