package io.atende.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atende.whatsapp.SignedWebhook;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The template registry's SQL on PostgreSQL, the production database, in a schema of its own
 * ({@value #SCHEMA}, dropped and created at start): a sync, the listing's filters, a create through the Cloud API
 * approved by the simulator's webhook, Meta's order of notifications, the response queue and a deletion. Skipped
 * when no PostgreSQL answers on 127.0.0.1:5432 (database {@code test}, user {@code postgres}, trust).
 */
// closed after the class: its connections to the shared PostgreSQL go back for the next tests
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "camunda.bpm.database.schema-name=" + TemplatesOnPostgresTest.SCHEMA,
    "camunda.bpm.database.table-prefix=" + TemplatesOnPostgresTest.SCHEMA + ".",
    "spring.flyway.schemas=" + TemplatesOnPostgresTest.SCHEMA,
    "camunda.bpm.job-execution.enabled=false",
    "atende.processes.watch-interval=0",
    "atende.simulator.template-review-delay=300ms",
    "atende.templates.sync-on-start=false"})
@EnabledIf(value = "postgresAnswers",
    disabledReason = "Templates on PostgreSQL skipped: no PostgreSQL accepts user 'postgres' (trust) at jdbc:postgresql://127.0.0.1:5432/test")
class TemplatesOnPostgresTest {

  static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String SCHEMA = "atende_templates_it";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @LocalServerPort int port;
  @Autowired TemplateRegistry registry;
  @Autowired TemplateAdministration administration;

  static boolean postgresAnswers() {
    return io.atende.platform.LocalPostgres.answers();
  }

  @DynamicPropertySource
  static void freshSchema(DynamicPropertyRegistry registry) throws SQLException {
    io.atende.platform.LocalPostgres.freshSchema(registry, SCHEMA);
  }

  static Connection connect() throws SQLException {
    return io.atende.platform.LocalPostgres.connect();
  }

  @Test
  void theRegistryKeepsStepWithWhatsAppOnPostgres() {
    administration.sync();
    assertThat(registry.list(new TemplateRegistry.Filter("APPROVED", "UTILITY", "pt_BR", "boas_"))).extracting(TemplateRecord::name)
        .containsExactly("boas_vindas");
    assertThat(registry.list(new TemplateRegistry.Filter(null, null, null, null))).extracting(TemplateRecord::name)
        .contains("boas_vindas", "recontato", "promo_pendente");

    TemplateRecord created = administration.create(new TemplateForm.Create("aviso_postgres", "pt_BR", "UTILITY", null, null,
        new TemplateForm.Body("Olá {{1}}, seu pedido saiu para entrega hoje.", java.util.List.of("Ana"), null), null, null,
        "comercial"));
    assertThat(created.status()).isEqualTo("PENDING");
    await().atMost(WAIT).until(() -> registry.find(created.id()).map(TemplateRecord::status).orElse(""), "APPROVED"::equals);

    SignedWebhook webhook = new SignedWebhook(port);
    long later = Instant.now().getEpochSecond() + 60;
    webhook.post(pause(created, later));
    await().atMost(WAIT).until(() -> registry.find(created.id()).map(TemplateRecord::status).orElse(""), "PAUSED"::equals);
    assertThat(registry.applyStatus(created.id(), "APPROVED", null, null, null, Instant.ofEpochSecond(later - 30)))
        .as("an older change arriving late").isFalse();

    administration.setResponseQueue(created.id(), "suporte");
    assertThat(registry.find(created.id()).orElseThrow().responseQueue()).isEqualTo("suporte");
    administration.sync();
    assertThat(registry.find(created.id()).orElseThrow().responseQueue()).as("kept through a sync").isEqualTo("suporte");
    administration.delete(created.id());
    assertThat(registry.find(created.id())).isEmpty();
  }

  private static String pause(TemplateRecord t, long time) {
    return """
        {"entry":[{"id":"102290129340398","time":%d,"changes":[{"value":{"event":"PAUSED","message_template_id":%s,\
        "message_template_name":"%s","message_template_language":"pt_BR","reason":"NONE",\
        "message_template_category":"UTILITY"},"field":"message_template_status_update"}]}],\
        "object":"whatsapp_business_account"}""".formatted(time, t.id(), t.name());
  }
}
