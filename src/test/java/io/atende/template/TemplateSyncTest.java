package io.atende.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The registry follows what WhatsApp has: every page of the listing, nothing it no longer has, our queue kept. */
class TemplateSyncTest extends TemplateServiceTest {

  @Test
  void aSyncReadsEveryPageOfTheAccountsTemplates() {
    ResponseEntity<Map> result = as("admin").postForEntity("/api/templates/sync", null, Map.class);

    assertThat(result.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat((Integer) result.getBody().get("templates")).isGreaterThanOrEqualTo(CONFIGURED);
    assertThat(byName("lote_001")).isPresent();
    assertThat(byName("lote_100")).isPresent();
    assertThat(byName("lote_150")).as("past the first page of 100").isPresent();
    TemplateRecord first = byName("lote_001").orElseThrow();
    assertThat(first.status()).isEqualTo("APPROVED");
    assertThat(first.category()).isEqualTo("UTILITY");
    assertThat(first.qualityScore()).isEqualTo("GREEN");
    assertThat(first.variables()).extracting(TemplateRecord.Variable::key).containsExactly("1", "2");
  }

  @Test
  void aSyncDropsWhatWhatsAppNoLongerHasAndKeepsOurResponseQueue() {
    administration.sync();
    administration.setResponseQueue(byName("lote_010").orElseThrow().id(), "suporte");
    String gone = byName("lote_011").orElseThrow().id();
    assertThat(graph("DELETE", WABA + "/message_templates?name=lote_011&hsm_id=" + gone, null).path("success").asBoolean())
        .isTrue();

    TemplateAdministration.SyncResult result = administration.sync();

    assertThat(result.removed()).isGreaterThanOrEqualTo(1);
    assertThat(byName("lote_011")).isEmpty();
    assertThat(byName("lote_010").orElseThrow().responseQueue()).isEqualTo("suporte");
  }
}
