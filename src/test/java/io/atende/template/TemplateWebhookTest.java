package io.atende.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atende.whatsapp.SignedWebhook;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Meta's template notifications reach the registry through the real webhook (valid signature, stored before the
 * 200, processed once), in the order Meta made the changes.
 */
class TemplateWebhookTest extends TemplateServiceTest {

  @Autowired JdbcClient jdbc;

  SignedWebhook webhook;

  @BeforeEach
  void synced() {
    webhook = new SignedWebhook(port);
    if (byName("lote_020").isEmpty()) {
      administration.sync();
    }
  }

  @Test
  void aStatusNotificationUpdatesTheRegistryAtOnce() {
    TemplateRecord t = byName("lote_020").orElseThrow();
    long now = Instant.now().getEpochSecond() + 5;

    HttpResponse<String> answer = webhook.post(status(t, "PAUSED", "NONE", now,
        ",\"other_info\":{\"title\":\"FIRST_PAUSE\",\"description\":\"Pausado por 3 horas.\"}"));

    assertThat(answer.statusCode()).isEqualTo(200);
    TemplateRecord paused = awaitTemplate("lote_020", r -> r.status().equals("PAUSED"));
    assertThat(paused.statusNote()).isEqualTo("FIRST_PAUSE: Pausado por 3 horas.");
  }

  @Test
  void aLateNotificationOfAnOlderChangeDoesNotUndoANewerOne() {
    TemplateRecord t = byName("lote_021").orElseThrow();
    long now = Instant.now().getEpochSecond() + 10;
    webhook.post(status(t, "DISABLED", "NONE", now, ""));
    awaitTemplate("lote_021", r -> r.status().equals("DISABLED"));

    webhook.post(status(t, "APPROVED", "NONE", now - 60, ""));
    webhook.post(quality(t, "UNKNOWN", "YELLOW", now + 1));

    awaitTemplate("lote_021", r -> "YELLOW".equals(r.qualityScore()));
    assertThat(byName("lote_021").orElseThrow().status()).as("the older APPROVED came after the newer DISABLED")
        .isEqualTo("DISABLED");
    webhook.post(status(t, "REINSTATED", "NONE", now + 2, ""));
    awaitTemplate("lote_021", r -> r.status().equals("APPROVED"));
  }

  @Test
  void aRejectionKeepsItsReasonAndAQualityChangeItsScore() {
    TemplateRecord t = byName("lote_022").orElseThrow();
    long now = Instant.now().getEpochSecond() + 5;

    webhook.post(status(t, "REJECTED", "PROMOTIONAL", now, ""));
    webhook.post(quality(t, "GREEN", "RED", now));

    TemplateRecord rejected = awaitTemplate("lote_022", r -> r.status().equals("REJECTED") && "RED".equals(r.qualityScore()));
    assertThat(rejected.rejectedReason()).isEqualTo("PROMOTIONAL");
  }

  @Test
  void aCategoryNotificationMovesTheTemplateToItsNewCategory() {
    TemplateRecord t = byName("lote_026").orElseThrow();

    webhook.post("""
        {"entry":[{"id":"102290129340398","time":%d,"changes":[{"value":{"message_template_id":%s,\
        "message_template_name":"lote_026","message_template_language":"pt_BR","previous_category":"UTILITY",\
        "new_category":"MARKETING"},"field":"template_category_update"}]}],"object":"whatsapp_business_account"}"""
        .formatted(Instant.now().getEpochSecond(), t.id()));

    awaitTemplate("lote_026", r -> r.category().equals("MARKETING"));
  }

  @Test
  void aRedeliveredNotificationIsProcessedOnce() {
    TemplateRecord t = byName("lote_023").orElseThrow();
    String notification = status(t, "PAUSED", "NONE", Instant.now().getEpochSecond() + 5, "");

    webhook.post(notification);
    webhook.post(notification);

    awaitTemplate("lote_023", r -> r.status().equals("PAUSED"));
    assertThat(jdbc.sql("select count(*) from inbound_event where kind = 'TEMPLATE' and dedupe_key like ?")
        .param("template:" + t.id() + ":%").query(Integer.class).single()).isEqualTo(1);
  }

  @Test
  void aDeletionAtWhatsAppRemovesTheTemplate() {
    TemplateRecord t = byName("lote_024").orElseThrow();

    webhook.post(status(t, "DELETED", "NONE", Instant.now().getEpochSecond() + 5, ""));

    await().atMost(WAIT).until(() -> byName("lote_024").isEmpty());
  }

  @Test
  void aTemplateCreatedElsewhereIsReadFromWhatsAppWhenItsReviewIsAnnounced() {
    String id = graph("POST", WABA + "/message_templates", """
        {"name":"criado_no_gerenciador","language":"pt_BR","category":"UTILITY",
         "components":[{"type":"BODY","text":"Seu cadastro foi atualizado hoje."}]}""").path("id").asText();
    assertThat(byName("criado_no_gerenciador")).isEmpty();

    TemplateRecord read = awaitTemplate("criado_no_gerenciador", r -> r.status().equals("APPROVED"));

    assertThat(read.id()).isEqualTo(id);
    assertThat(read.body()).isEqualTo("Seu cadastro foi atualizado hoje.");
  }

  @Test
  void anUnsignedTemplateNotificationIsRefusedAndChangesNothing() {
    TemplateRecord t = byName("lote_025").orElseThrow();

    HttpResponse<String> answer = webhook.post(status(t, "DISABLED", "NONE", Instant.now().getEpochSecond() + 5, "")
        .getBytes(StandardCharsets.UTF_8), "sha256=" + "0".repeat(64));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(byName("lote_025").orElseThrow().status()).isEqualTo("APPROVED");
  }

  private static String status(TemplateRecord t, String event, String reason, long time, String extra) {
    return """
        {"entry":[{"id":"102290129340398","time":%d,"changes":[{"value":{"event":"%s","message_template_id":%s,\
        "message_template_name":"%s","message_template_language":"%s","reason":"%s",\
        "message_template_category":"%s"%s},"field":"message_template_status_update"}]}],\
        "object":"whatsapp_business_account"}""".formatted(time, event, t.id(), t.name(), t.language(), reason,
        t.category(), extra);
  }

  private static String quality(TemplateRecord t, String previous, String next, long time) {
    return """
        {"entry":[{"id":"102290129340398","time":%d,"changes":[{"value":{"previous_quality_score":"%s",\
        "new_quality_score":"%s","message_template_id":%s,"message_template_name":"%s",\
        "message_template_language":"%s"},"field":"message_template_quality_update"}]}],\
        "object":"whatsapp_business_account"}""".formatted(time, previous, next, t.id(), t.name(), t.language());
  }
}
