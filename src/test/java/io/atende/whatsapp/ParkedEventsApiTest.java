package io.atende.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atende.conversation.CustomerMessageHandler;
import io.atende.conversation.MessageLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:parked-events-test;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    // the sweeper leaves fresh events alone (so a stored event waits like one that kept failing) but runs often
    "atende.whatsapp.inbound-sweep-grace=1h",
    "atende.whatsapp.inbound-sweep-interval=200ms",
    "atende.whatsapp.inbound-sweep-delay=0s"})
class ParkedEventsApiTest {

  @Autowired TestRestTemplate rest;
  @Autowired JdbcClient jdbc;
  @Autowired InboundEventStore store;
  @Autowired MessageLog messages;
  @MockitoBean CustomerMessageHandler journey;

  @Test
  void failedEventIsHandedBackToTheLanesAndProcessed() {
    long id = failedEvent("5511900000021", "wamid.PARKED1");
    assertThat(failed("admin")).extracting(e -> e.get("id")).contains((int) id);

    var retry = rest.withBasicAuth("admin", "admin").postForEntity("/api/inbound-events/" + id + "/retry", null, Void.class);

    assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    await().atMost(Duration.ofSeconds(10)).until(() -> messages.existsByWaMessageId("wamid.PARKED1"));
    assertThat(jdbc.sql("select status from inbound_event where id = ?").param(id).query(String.class).single()).isEqualTo("DONE");
    assertThat(failed("admin")).extracting(e -> e.get("id")).doesNotContain((int) id);
  }

  @Test
  void onlyAFailedEventCanBeRetriedAndTheAnswerSaysWhy() {
    long id = failedEvent("5511900000022", "wamid.PARKED2");
    jdbc.sql("update inbound_event set status = 'DONE' where id = ?").param(id).update();

    var notFailed = rest.withBasicAuth("admin", "admin").postForEntity("/api/inbound-events/" + id + "/retry", null, Map.class);
    var unknown = rest.withBasicAuth("admin", "admin").postForEntity("/api/inbound-events/999999/retry", null, Map.class);

    assertThat(notFailed.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(notFailed.getBody().get("detail").toString()).contains("is DONE, not FAILED");
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void onlyAdministratorsSeeAndRetryParkedEvents() {
    long id = failedEvent("5511900000023", "wamid.PARKED3");

    assertThat(rest.withBasicAuth("ana", "ana").getForEntity("/api/inbound-events/failed", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rest.withBasicAuth("ana", "ana").postForEntity("/api/inbound-events/" + id + "/retry", null, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rest.getForEntity("/api/inbound-events/failed", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(jdbc.sql("select status from inbound_event where id = ?").param(id).query(String.class).single()).isEqualTo("FAILED");
  }

  /** A stored message event that ended as FAILED, as one does after its last try. */
  private long failedEvent(String waId, String waMessageId) {
    byte[] raw = SignedWebhook.text(waId, "Cliente", waMessageId, "oi", Instant.now().getEpochSecond()).getBytes(StandardCharsets.UTF_8);
    long id = store.store(raw, parse(raw)).get(0).id();
    jdbc.sql("update inbound_event set status = 'FAILED', attempts = 10, last_error = 'database was down' where id = ?").param(id).update();
    return id;
  }

  private List<Map<String, Object>> failed(String user) {
    return rest.withBasicAuth(user, user).exchange("/api/inbound-events/failed", HttpMethod.GET, null,
        new ParameterizedTypeReference<List<Map<String, Object>>>() {}).getBody();
  }

  private static WebhookPayload.Notification parse(byte[] raw) {
    try {
      return GraphJson.mapper().readValue(raw, WebhookPayload.Notification.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
