package io.atende.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atende.conversation.MessageLog;
import io.atende.template.TemplateMessages;
import io.atende.whatsapp.DeliveryStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The desk's template way out meets the messaging limit, over HTTP with the real sender and the simulator as
 * WhatsApp: with the limit at 1 (set by an administrator through the API), the agent's template to a first customer
 * whose window is closed leaves; to a second customer it is a 429 problem with the Portuguese reason, kept as not
 * sent in the history and never reaching WhatsApp; a second template to the first customer is not counted again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:desk-template-limit;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
@Import(QueuedConversations.class)
class DeskTemplateLimitTest {

  private static final String NUMBER = QueuedConversations.NUMBER;

  @Autowired TestRestTemplate rest;
  @Autowired QueuedConversations queued;
  @Autowired TemplateMessages templates;
  @Autowired MessageLog messages;
  @Autowired JdbcClient jdbc;

  @AfterEach
  void configuredLimitAgain() {
    jdbc.sql("update messaging_limit_setting set tier = null, limit_value = null, updated_by = null, updated_at = null").update();
  }

  @Test
  void overTheLimitTheDesksTemplateIsA429WithTheReasonAndNothingLeaves() {
    await().atMost(Duration.ofSeconds(60)).until(() -> templates.find("recontato", "pt_BR").isPresent());
    QueuedConversations.Waiting first = queued.inQueue("5511911120001", "comercial", NUMBER, Duration.ofHours(30));
    QueuedConversations.Waiting second = queued.inQueue("5511911120002", "comercial", NUMBER, Duration.ofHours(30));
    long used = rest.withBasicAuth("ana", "ana").getForObject("/api/messaging-limits", Map.class).get("used") instanceof Number n
        ? n.longValue() : -1;
    assertThat(rest.withBasicAuth("admin", "admin").exchange("/api/messaging-limits", HttpMethod.PUT,
        new HttpEntity<>(Map.of("limit", used + 1)), Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);

    ResponseEntity<Map> sent = template(first);
    ResponseEntity<Map> refused = template(second);
    ResponseEntity<Map> again = template(first);

    assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(again.getStatusCode()).as("the same customer is not counted again").isEqualTo(HttpStatus.CREATED);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(refused.getBody().get("detail").toString())
        .startsWith("Limite de mensagens atingido: " + (used + 1) + " clientes únicos em 24 horas");
    assertThat(((Number) refused.getBody().get("limit")).longValue()).isEqualTo(used + 1);
    List<MessageLog.Entry> secondHistory = messages.conversation(second.conversationId());
    MessageLog.Entry last = secondHistory.get(secondHistory.size() - 1);
    assertThat(last.status()).as("kept as not sent, never dropped silently").isEqualTo(DeliveryStatus.FAILED);
    assertThat(last.waMessageId()).as("it never reached WhatsApp").isNull();
    assertThat(last.errorDetails()).startsWith("Limite de mensagens atingido");
  }

  private ResponseEntity<Map> template(QueuedConversations.Waiting w) {
    return rest.withBasicAuth("ana", "ana").postForEntity("/api/desk/conversations/" + w.conversationId() + "/templates",
        Map.of("name", "recontato", "language", "pt_BR", "variables", List.of("Maria")), Map.class);
  }
}
