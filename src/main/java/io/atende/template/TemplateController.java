package io.atende.template;

import io.atende.platform.CurrentUser;
import io.atende.whatsapp.MessageType;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.authorization.Groups;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/templates}: the account's message templates. Any authenticated user lists them, reads one and
 * previews one filled in (agents pick templates here); only administrators (Camunda group
 * {@value Groups#CAMUNDA_ADMIN}) create, edit, delete, set the response queue and sync. Errors are RFC 9457 problem
 * details ({@link TemplateErrors}).
 */
@RestController
@RequestMapping("/api/templates")
class TemplateController {

  /** A template as the API shows it; {@code id} is Meta's template id. */
  record TemplateView(
      String id,
      String name,
      String language,
      String category,
      String parameterFormat,
      String status,
      String statusLabel,
      String qualityScore,
      String rejectedReason,
      String statusNote,
      String responseQueue,
      TemplateForm.Header header,
      TemplateForm.Body body,
      String footer,
      List<TemplateForm.Button> buttons,
      List<VariableView> variables,
      Instant updatedAt) {}

  /** A variable to fill: its key, where it is, how people read it ({@code label}) and Meta's reviewed example. */
  record VariableView(String key, String component, Integer buttonIndex, String label, String example) {}

  record PreviewView(String header, String body, String footer, List<String> buttons, String text) {}

  private final TemplateAdministration administration;
  private final TemplateRegistry registry;
  private final TemplateMessages messages;
  private final ResponseQueues queues;
  private final TemplatesProperties.Texts texts;

  TemplateController(TemplateAdministration administration, TemplateRegistry registry, TemplateMessages messages,
      ResponseQueues queues, TemplatesProperties properties) {
    this.administration = administration;
    this.registry = registry;
    this.messages = messages;
    this.queues = queues;
    this.texts = properties.texts();
  }

  @GetMapping
  List<TemplateView> list(@RequestParam(required = false) String status, @RequestParam(required = false) String category,
      @RequestParam(required = false) String language, @RequestParam(required = false) String name, CurrentUser user) {
    return registry.list(new TemplateRegistry.Filter(upper(status), upper(category), blankToNull(language),
        blankToNull(name))).stream().map(this::view).toList();
  }

  @GetMapping("/{id}")
  TemplateView get(@PathVariable String id, CurrentUser user) {
    return view(administration.get(id));
  }

  @PostMapping
  ResponseEntity<TemplateView> create(@RequestBody TemplateForm.Create form, CurrentUser user) {
    administrator(user, "create");
    TemplateView created = view(administration.create(form));
    return ResponseEntity.created(URI.create("/api/templates/" + created.id())).body(created);
  }

  @PutMapping("/{id}")
  TemplateView edit(@PathVariable String id, @RequestBody TemplateForm.Edit form, CurrentUser user) {
    administrator(user, "edit");
    return view(administration.edit(id, form));
  }

  @PutMapping("/{id}/response-queue")
  TemplateView responseQueue(@PathVariable String id, @RequestBody TemplateForm.ResponseQueue form, CurrentUser user) {
    administrator(user, "set the response queue of");
    return view(administration.setResponseQueue(id, form.responseQueue()));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable String id, CurrentUser user) {
    administrator(user, "delete");
    administration.delete(id);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/sync")
  TemplateAdministration.SyncResult sync(CurrentUser user) {
    administrator(user, "sync");
    return administration.sync();
  }

  /** The template filled in with these variables, checked by the same rules as a send (any status). */
  @PostMapping("/{id}/preview")
  PreviewView preview(@PathVariable String id, @RequestBody TemplateForm.PreviewRequest form, CurrentUser user) {
    TemplateRecord t = administration.get(id);
    TemplateMessages.HeaderMedia media = form.headerMediaType() == null || form.headerMediaType().isBlank() ? null
        : new TemplateMessages.HeaderMedia(MessageType.of(form.headerMediaType().toLowerCase(Locale.ROOT)),
            form.headerMediaId(), form.headerMediaLink());
    TemplateMessages.Preview p = messages.render(t, new TemplateMessages.Request(t.name(), t.language(), form.variables(),
        form.namedVariables(), media)).preview();
    return new PreviewView(p.header(), p.body(), p.footer(), p.buttons(), p.text());
  }

  /** The queues a reply may go to (administrators choose one per template). */
  @GetMapping("/response-queues")
  List<ResponseQueues.Queue> responseQueues(CurrentUser user) {
    administrator(user, "list the response queues of");
    return queues.list();
  }

  private TemplateView view(TemplateRecord t) {
    return new TemplateView(t.id(), t.name(), t.language(), t.category(), t.parameterFormat(), t.status(),
        texts.statusLabel(t.status()), t.qualityScore(), t.rejectedReason(), t.statusNote(), t.responseQueue(),
        TemplateForm.header(t), TemplateForm.body(t), t.footer(), TemplateForm.buttons(t),
        t.variables().stream().map(v -> new VariableView(v.key(), v.component(), v.buttonIndex(), messages.label(t, v),
            v.example())).toList(),
        t.updatedAt());
  }

  private static void administrator(CurrentUser user, String action) {
    if (!user.isAdministrator()) {
      throw new TemplateExceptions.Forbidden("Only Camunda administrators (group " + Groups.CAMUNDA_ADMIN + ") " + action
          + " message templates");
    }
  }

  private static String upper(String value) {
    return value == null || value.isBlank() ? null : value.toUpperCase(Locale.ROOT);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

}
