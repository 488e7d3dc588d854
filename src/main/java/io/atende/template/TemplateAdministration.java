package io.atende.template;

import io.atende.whatsapp.MessageTemplate;
import io.atende.whatsapp.WhatsAppTemplates;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Changes to the account's templates: create, edit and delete go to the Cloud API first and reach the registry once
 * Meta took them; the response queue is ours alone; a sync reads every template Meta has.
 */
@Service
class TemplateAdministration {

  private static final Logger log = LoggerFactory.getLogger(TemplateAdministration.class);
  private static final Set<String> CATEGORIES = Set.of("MARKETING", "UTILITY", "AUTHENTICATION");

  /** What a sync found: how many templates Meta has, and how many the registry dropped because Meta has them no more. */
  record SyncResult(int templates, int removed) {}

  private final WhatsAppTemplates whatsApp;
  private final TemplateRegistry registry;
  private final ResponseQueues queues;

  TemplateAdministration(WhatsAppTemplates whatsApp, TemplateRegistry registry, ResponseQueues queues) {
    this.whatsApp = whatsApp;
    this.registry = registry;
    this.queues = queues;
  }

  TemplateRecord get(String id) {
    return registry.find(id).orElseThrow(() -> new TemplateExceptions.NotFound(id));
  }

  TemplateRecord create(TemplateForm.Create form) {
    require(form.name(), "name");
    require(form.language(), "language");
    require(form.category(), "category");
    if (form.body() == null || form.body().text() == null || form.body().text().isBlank()) {
      throw new TemplateExceptions.BadRequest("body.text is required: every template has a body");
    }
    String category = form.category().toUpperCase(Locale.ROOT);
    if (!CATEGORIES.contains(category)) {
      throw new TemplateExceptions.BadRequest("category must be MARKETING, UTILITY or AUTHENTICATION; got " + form.category());
    }
    String queue = queue(form.responseQueue());
    String format = form.parameterFormat() == null || form.parameterFormat().isBlank() ? "POSITIONAL"
        : form.parameterFormat().toUpperCase(Locale.ROOT);
    List<MessageTemplate.Component> components = TemplateForm.components(form.header(), form.body(), form.footer(),
        form.buttons());
    MessageTemplate.Created created = whatsApp.create(new MessageTemplate.Submission(form.name(), form.language(),
        category, format, components));
    registry.save(new MessageTemplate(created.id(), form.name(), form.language(),
        created.status() == null ? "PENDING" : created.status(), created.category() == null ? category : created.category(),
        format, components, new MessageTemplate.QualityScore("UNKNOWN", null), null), Instant.now());
    if (queue != null) {
      registry.setResponseQueue(created.id(), queue);
    }
    log.info("Template {} ({}) submitted to WhatsApp as {}", form.name(), form.language(), created.id());
    return get(created.id());
  }

  TemplateRecord edit(String id, TemplateForm.Edit form) {
    TemplateRecord current = get(id);
    if (form.body() == null || form.body().text() == null || form.body().text().isBlank()) {
      throw new TemplateExceptions.BadRequest("body.text is required: an edit replaces the whole content");
    }
    String category = form.category() == null || form.category().isBlank() ? null : form.category().toUpperCase(Locale.ROOT);
    if (category != null && !CATEGORIES.contains(category)) {
      throw new TemplateExceptions.BadRequest("category must be MARKETING, UTILITY or AUTHENTICATION; got " + form.category());
    }
    List<MessageTemplate.Component> components = TemplateForm.components(form.header(), form.body(), form.footer(),
        form.buttons());
    whatsApp.edit(id, new MessageTemplate.Edit(category != null && !category.equals(current.category()) ? category : null,
        components));
    registry.resubmitted(id, category, components, Instant.now());
    log.info("Template {} ({}) edited; back in review", current.name(), current.language());
    return get(id);
  }

  void delete(String id) {
    TemplateRecord current = get(id);
    whatsApp.delete(current.name(), current.id());
    registry.delete(id);
    log.info("Template {} ({}) deleted", current.name(), current.language());
  }

  TemplateRecord setResponseQueue(String id, String queue) {
    get(id);
    registry.setResponseQueue(id, queue(queue));
    return get(id);
  }

  /** Reads every template Meta has (all pages) into the registry and drops the ones Meta no longer has. */
  SyncResult sync() {
    List<MessageTemplate> all = whatsApp.list();
    int removed = registry.replaceAll(all, Instant.now());
    log.info("Templates synced from WhatsApp: {} templates, {} no longer there", all.size(), removed);
    return new SyncResult(all.size(), removed);
  }

  private String queue(String queue) {
    if (queue == null || queue.isBlank()) {
      return null;
    }
    if (!queues.exists(queue)) {
      throw new TemplateExceptions.BadRequest("responseQueue " + queue + " is not a queue (a Camunda group of type "
          + ResponseQueues.WORKFLOW + ")");
    }
    return queue;
  }

  private static void require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new TemplateExceptions.BadRequest(field + " is required");
    }
  }

}
