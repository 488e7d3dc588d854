package io.atende.template;

import io.atende.whatsapp.MessageTemplateListener;
import io.atende.whatsapp.MessageTemplateUpdate;
import io.atende.whatsapp.WhatsAppTemplates;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies Meta's {@code message_template_status_update}, {@code message_template_quality_update} and
 * {@code template_category_update} notifications
 * to the registry as they arrive (stored before the webhook's 200 and processed once, like every inbound event).
 * A template the registry does not know yet (created in WhatsApp Manager, or a notification faster than our own
 * create's commit) is read from the Cloud API.
 */
@Component
class TemplateWebhookUpdates implements MessageTemplateListener {

  private static final Logger log = LoggerFactory.getLogger(TemplateWebhookUpdates.class);
  /** Events that are a status of their own. */
  private static final Set<String> STATUSES = Set.of("APPROVED", "REJECTED", "PENDING", "PAUSED", "DISABLED", "IN_APPEAL",
      "PENDING_DELETION", "LIMIT_EXCEEDED", "ARCHIVED");
  /** Events that bring a template back to a status. */
  private static final Map<String, String> RETURNS = Map.of("REINSTATED", "APPROVED", "UNARCHIVED", "APPROVED");

  private final TemplateRegistry registry;
  private final WhatsAppTemplates whatsApp;

  TemplateWebhookUpdates(TemplateRegistry registry, WhatsAppTemplates whatsApp) {
    this.registry = registry;
    this.whatsApp = whatsApp;
  }

  @Override
  public void onTemplateUpdate(MessageTemplateUpdate update) {
    Instant at = update.time() == null ? Instant.now() : Instant.ofEpochSecond(update.time());
    String event = update.event();
    if (registry.find(update.templateId()).isEmpty()) {
      if ("DELETED".equals(event)) {
        return;
      }
      whatsApp.find(update.templateId()).ifPresentOrElse(
          t -> {
            registry.save(t, Instant.now());
            log.info("Template {} ({}) was not in the registry; read from WhatsApp: {}", t.name(), t.language(), t.status());
          },
          () -> log.info("Template {} of a {} notification is unknown to WhatsApp; nothing to update", update.templateId(),
              update.field()));
      return;
    }
    if (update.isCategoryUpdate()) {
      if (update.category() != null && registry.applyCategory(update.templateId(), update.category())) {
        log.info("Template {} ({}) is now in category {}", update.name(), update.language(), update.category());
      }
      return;
    }
    if (update.isQualityUpdate()) {
      if (registry.applyQuality(update.templateId(), update.newQualityScore(), at)) {
        log.info("Template {} ({}) quality is now {}", update.name(), update.language(), update.newQualityScore());
      }
      return;
    }
    if ("DELETED".equals(event)) {
      registry.delete(update.templateId());
      log.info("Template {} ({}) was deleted at WhatsApp", update.name(), update.language());
      return;
    }
    String status = STATUSES.contains(event) ? event : RETURNS.get(event);
    if (status == null) {
      registry.applyNote(update.templateId(), noteOf(update), at);
      log.info("Template {} ({}): {}", update.name(), update.language(), event);
      return;
    }
    String reason = "REJECTED".equals(status) ? update.reason() : null;
    if (registry.applyStatus(update.templateId(), status, update.category(), reason, update.note(), at)) {
      log.info("Template {} ({}) is now {}{}", update.name(), update.language(), status, reason == null ? "" : " (" + reason + ")");
    } else {
      log.info("Template {} ({}) {} of {} is older than the status shown; ignored", update.name(), update.language(), event,
          at);
    }
  }

  private static String noteOf(MessageTemplateUpdate update) {
    return update.note() == null ? update.event() : update.event() + ": " + update.note();
  }
}
