package io.atende.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The bundled WhatsApp Cloud API simulator ({@code atende.simulator.*}). The business numbers it
 * serves are the service's own {@code atende.whatsapp.numbers}.
 *
 * @param enabled whether the simulator's endpoints exist at all
 * @param webhookUrl where notifications are posted; empty means {@code http://localhost:<server
 *     port>/webhooks/whatsapp} (this service's own webhook)
 * @param accessToken the Bearer token the Graph endpoints accept (same default as {@code
 *     atende.whatsapp.access-token})
 * @param appSecret the app secret that signs notifications (same default as {@code
 *     atende.whatsapp.app-secret})
 * @param wabaId the WhatsApp Business Account id (envelope {@code entry[].id}, template listing path)
 * @param messagesPerSecond Cloud API throughput per business number; more sends inside one second
 *     are refused with code 130429
 * @param sentDelay time from an accepted send to its {@code sent} status
 * @param deliveredDelay time from {@code sent} to {@code delivered}
 * @param webhookRetries further attempts after a notification was not answered with 200
 * @param webhookRetryDelay wait before the first retry; doubles on each further attempt
 * @param webhookTimeout how long one notification POST may take
 * @param mediaUrlTtl how long a media download URL stays valid (Meta: 5 minutes)
 * @param mediaStorageLimit total bytes of media kept in memory; the oldest are dropped beyond it
 * @param messagesPerChat how many messages of one customer's chat are kept in memory
 * @param templateReviewDelay time from a template's submission (create or edit) to its review's verdict
 * @param templates the message templates of the WABA; empty means the built-in pt_BR examples
 */
@ConfigurationProperties("atende.simulator")
public record SimulatorProperties(
    @DefaultValue("true") boolean enabled,
    String webhookUrl,
    @DefaultValue("simulator-access-token") String accessToken,
    @DefaultValue("simulator-app-secret") String appSecret,
    @DefaultValue("102290129340398") String wabaId,
    @DefaultValue("80") int messagesPerSecond,
    @DefaultValue("300ms") Duration sentDelay,
    @DefaultValue("700ms") Duration deliveredDelay,
    @DefaultValue("5") int webhookRetries,
    @DefaultValue("1s") Duration webhookRetryDelay,
    @DefaultValue("10s") Duration webhookTimeout,
    @DefaultValue("5m") Duration mediaUrlTtl,
    @DefaultValue("256MB") DataSize mediaStorageLimit,
    @DefaultValue("1000") int messagesPerChat,
    @DefaultValue("5s") Duration templateReviewDelay,
    @DefaultValue List<Template> templates) {

  public SimulatorProperties {
    if (messagesPerSecond < 1) {
      throw new IllegalArgumentException("atende.simulator.messages-per-second must be at least 1");
    }
    if (webhookRetries < 0) {
      throw new IllegalArgumentException("atende.simulator.webhook-retries must not be negative");
    }
    templates = templates == null || templates.isEmpty() ? defaultTemplates() : List.copyOf(templates);
  }

  /** Status of a template as Meta reports it. */
  public enum TemplateStatus {
    APPROVED, IN_APPEAL, PENDING, REJECTED, PENDING_DELETION, DELETED, DISABLED, PAUSED, LIMIT_EXCEEDED
  }

  /** Template category as Meta reports it. */
  public enum TemplateCategory {
    MARKETING, UTILITY, AUTHENTICATION;

    String pricingName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A message template.
   *
   * @param name template name (lowercase, digits, underscore)
   * @param language language code, e.g. {@code pt_BR}
   * @param status review status; only APPROVED templates can be sent
   * @param category pricing category
   * @param header optional header text, may hold one {{1}} placeholder
   * @param body body text with {{1}}, {{2}}... placeholders
   * @param footer optional footer text
   * @param quickReplies optional quick-reply button labels
   */
  public record Template(
      String name,
      @DefaultValue("pt_BR") String language,
      @DefaultValue("APPROVED") TemplateStatus status,
      @DefaultValue("UTILITY") TemplateCategory category,
      String header,
      String body,
      String footer,
      @DefaultValue List<String> quickReplies) {

    public Template {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("atende.simulator.templates[].name is required");
      }
      if (body == null || body.isBlank()) {
        throw new IllegalArgumentException("atende.simulator.templates[].body is required (template " + name + ")");
      }
      quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
    }
  }

  static List<Template> defaultTemplates() {
    return List.of(
        new Template("boas_vindas", "pt_BR", TemplateStatus.APPROVED, TemplateCategory.UTILITY, null,
            "Olá! Obrigado por falar com a gente. Como podemos ajudar?", null, List.of()),
        new Template("recontato", "pt_BR", TemplateStatus.APPROVED, TemplateCategory.UTILITY, null,
            "Olá, {{1}}! Estamos retomando o seu atendimento. Podemos continuar por aqui?",
            "Responda para continuar", List.of("Sim", "Não")),
        new Template("pesquisa_satisfacao", "pt_BR", TemplateStatus.APPROVED, TemplateCategory.UTILITY, null,
            "{{1}}, como você avalia o atendimento do protocolo {{2}}?", null, List.of()),
        new Template("promo_pendente", "pt_BR", TemplateStatus.PENDING, TemplateCategory.MARKETING, null,
            "Aproveite {{1}}% de desconto nesta semana!", null, List.of()),
        new Template("aviso_pausado", "pt_BR", TemplateStatus.PAUSED, TemplateCategory.MARKETING, null,
            "Novidades para você, {{1}}!", null, List.of()));
  }
}
