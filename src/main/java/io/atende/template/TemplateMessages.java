package io.atende.template;

import io.atende.template.TemplateProblemException.Problem;
import io.atende.template.TemplateRecord.Variable;
import io.atende.whatsapp.MessageTemplate.Button;
import io.atende.whatsapp.MessageType;
import io.atende.whatsapp.OutboundMessage;
import io.atende.whatsapp.OutboundMessage.MediaRef;
import io.atende.whatsapp.OutboundMessage.Template.Component;
import io.atende.whatsapp.OutboundMessage.Template.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The rules of sending a template, for every feature that sends one (active contact, recontact, batch sends, the
 * desk): given the template's name, language and variables, either the Cloud API's ready
 * {@link OutboundMessage.Template} content (with the template's category and response queue) or a
 * {@link TemplateProblemException} naming what is wrong: unknown template, not in that language, not APPROVED (and its
 * status), a missing, extra, empty or invalid variable, a value longer than Meta allows, a filled-in body over 1,024
 * characters, a missing or wrong header media. Nothing is sent here.
 *
 * <p>Limits are Meta's: a text header filled in is at most 60 characters, a body 1,024, a URL button's address 2,000;
 * a value may not hold new lines, tabs or more than four spaces in a row (the Cloud API refuses those with 132018).
 */
@Service
public class TemplateMessages {

  static final int HEADER_MAX = 60;
  static final int BODY_MAX = 1024;
  static final int URL_MAX = 2000;

  /** A template header's image, video or document, by uploaded media id or by link. */
  public record HeaderMedia(MessageType type, String mediaId, String link) {}

  /**
   * What a caller wants to send: the template's name and language and its variables, either as a list in the order of
   * {@link TemplateRecord#variables()} (header, body, URL buttons; works for both formats) or, for a template with
   * named variables, as name → value ({@code button_<index>} for a URL button's); and the header's media if it has a
   * media header.
   */
  public record Request(String name, String language, List<String> variables, Map<String, String> namedVariables,
      HeaderMedia headerMedia) {

    public static Request of(String name, String language, List<String> variables) {
      return new Request(name, language, variables, null, null);
    }

    public static Request named(String name, String language, Map<String, String> variables) {
      return new Request(name, language, null, variables, null);
    }

    public Request withHeaderMedia(HeaderMedia media) {
      return new Request(name, language, variables, namedVariables, media);
    }
  }

  /** How the message will read: header (text, or the media's kind in brackets), body, footer and buttons. */
  public record Preview(String header, String body, String footer, List<String> buttons) {

    /** Everything as one text, parts separated by blank lines. */
    public String text() {
      List<String> parts = new ArrayList<>();
      if (header != null) {
        parts.add(header);
      }
      parts.add(body);
      if (footer != null) {
        parts.add(footer);
      }
      if (!buttons.isEmpty()) {
        parts.add(String.join("\n", buttons.stream().map(b -> "[" + b + "]").toList()));
      }
      return String.join("\n\n", parts);
    }
  }

  /**
   * A template ready to send.
   *
   * @param template the registry's template (its category, Meta id, response queue...)
   * @param content the {@code template} object of the Cloud API's send
   * @param preview how the customer will read it
   */
  public record Prepared(TemplateRecord template, OutboundMessage.Template content, Preview preview) {

    public String category() {
      return template.category();
    }

    /** The queue (Camunda group) a reply to this template goes to; null when the template has none. */
    public String responseQueue() {
      return template.responseQueue();
    }
  }

  private final TemplateRegistry registry;
  private final TemplatesProperties.Texts texts;

  TemplateMessages(TemplateRegistry registry, TemplatesProperties properties) {
    this.registry = registry;
    this.texts = properties.texts();
  }

  /** The registry's template by name and language, whatever its status. */
  public Optional<TemplateRecord> find(String name, String language) {
    if (name == null || language == null) {
      return Optional.empty();
    }
    return registry.byName(name).stream().filter(t -> t.language().equals(language)).findFirst();
  }

  /** The content to send, or a {@link TemplateProblemException} naming what is wrong. */
  public Prepared prepare(Request request) {
    TemplateRecord t = approved(request.name(), request.language());
    return render(t, request);
  }

  /**
   * How the template reads with these variables (any status: an administrator previews a pending one too). A caller
   * that checked the template is approved once (a batch checking many rows) renders each row with it.
   */
  public Prepared render(TemplateRecord t, Request request) {
    String headerFormat = t.headerFormat();
    if ("LOCATION".equals(headerFormat)) {
      throw problem(Problem.HEADER_NOT_SUPPORTED, texts.headerNotSupported(), t, Map.of());
    }
    Map<Variable, String> values = assign(t, request);
    for (Map.Entry<Variable, String> e : values.entrySet()) {
      checkValue(t, e.getKey(), e.getValue());
    }
    List<Component> components = new ArrayList<>();
    String header = header(t, request.headerMedia(), values, components);
    String body = TemplateRecord.fill(t.body(), key -> valueOf(values, "BODY", key));
    if (length(body) > BODY_MAX) {
      throw problem(Problem.TEXT_TOO_LONG, texts.textTooLong(), t, Map.of("length", length(body), "max", BODY_MAX));
    }
    List<Parameter> bodyParameters = values.entrySet().stream()
        .filter(e -> e.getKey().component().equals("BODY"))
        .map(e -> t.named() ? Parameter.namedText(e.getKey().key(), e.getValue()) : Parameter.text(e.getValue()))
        .toList();
    if (!bodyParameters.isEmpty()) {
      components.add(Component.body(bodyParameters));
    }
    List<String> buttons = new ArrayList<>();
    List<Button> templateButtons = t.buttons();
    for (int i = 0; i < templateButtons.size(); i++) {
      Button b = templateButtons.get(i);
      buttons.add(b.text());
      int index = i;
      values.entrySet().stream()
          .filter(e -> e.getKey().component().equals("BUTTON") && e.getKey().buttonIndex() == index)
          .findFirst()
          .ifPresent(e -> components.add(Component.button("url", index, Parameter.text(e.getValue()))));
    }
    OutboundMessage.Template content = OutboundMessage.Template.of(t.name(), t.language(), components);
    return new Prepared(t, content, new Preview(header, body, t.footer(), buttons));
  }

  private TemplateRecord approved(String name, String language) {
    Map<String, Object> asked = new HashMap<>();
    asked.put("template", name == null ? "" : name);
    asked.put("language", language == null ? "" : language);
    List<TemplateRecord> byName = name == null || name.isBlank() ? List.of() : registry.byName(name);
    if (byName.isEmpty()) {
      throw new TemplateProblemException(Problem.UNKNOWN_TEMPLATE, fill(texts.unknownTemplate(), asked), asked);
    }
    TemplateRecord t = byName.stream().filter(r -> r.language().equals(language)).findFirst().orElse(null);
    if (t == null) {
      String languages = String.join(", ", byName.stream().map(TemplateRecord::language).toList());
      asked.put("languages", languages);
      throw new TemplateProblemException(Problem.LANGUAGE_NOT_AVAILABLE, fill(texts.languageNotAvailable(), asked), asked);
    }
    if (!t.approved()) {
      throw problem(Problem.NOT_APPROVED, texts.notApproved(), t,
          Map.of("status", t.status(), "statusLabel", texts.statusLabel(t.status())));
    }
    return t;
  }

  /** Pairs each variable with its value, refusing missing, extra and empty ones. */
  private Map<Variable, String> assign(TemplateRecord t, Request request) {
    List<Variable> variables = t.variables();
    Map<Variable, String> values = new LinkedHashMap<>();
    if (request.namedVariables() != null && !request.namedVariables().isEmpty()) {
      if (!t.named()) {
        throw problem(Problem.POSITIONAL_EXPECTED, texts.positionalExpected(), t, Map.of());
      }
      Map<String, String> given = request.namedVariables();
      for (Variable v : variables) {
        if (!given.containsKey(v.key()) || given.get(v.key()) == null) {
          throw variableProblem(Problem.MISSING_VARIABLE, texts.missingVariable(), t, v, Map.of());
        }
        values.put(v, given.get(v.key()));
      }
      for (String key : given.keySet()) {
        if (variables.stream().noneMatch(v -> v.key().equals(key))) {
          throw problem(Problem.EXTRA_VARIABLE, texts.extraVariable(), t,
              Map.of("variable", "{{" + key + "}}", "expected", variables.size()));
        }
      }
    } else {
      List<String> given = request.variables() == null ? List.of() : request.variables();
      for (int i = 0; i < variables.size(); i++) {
        if (i >= given.size() || given.get(i) == null) {
          throw variableProblem(Problem.MISSING_VARIABLE, texts.missingVariable(), t, variables.get(i), Map.of());
        }
        values.put(variables.get(i), given.get(i));
      }
      if (given.size() > variables.size()) {
        throw problem(Problem.EXTRA_VARIABLE, texts.extraVariable(), t,
            Map.of("variable", (variables.size() + 1) + "ª", "expected", variables.size()));
      }
    }
    for (Map.Entry<Variable, String> e : values.entrySet()) {
      if (e.getValue().isBlank()) {
        throw variableProblem(Problem.EMPTY_VARIABLE, texts.emptyVariable(), t, e.getKey(), Map.of());
      }
    }
    return values;
  }

  private void checkValue(TemplateRecord t, Variable v, String value) {
    if (value.contains("\n") || value.contains("\r") || value.contains("\t") || value.contains("     ")) {
      throw variableProblem(Problem.INVALID_VARIABLE, texts.invalidVariable(), t, v, Map.of());
    }
    int max = switch (v.component()) {
      case "HEADER" -> HEADER_MAX - (length(t.headerText()) - ("{{" + v.key() + "}}").length());
      case "BUTTON" -> URL_MAX - (length(t.buttons().get(v.buttonIndex()).url()) - "{{1}}".length());
      default -> BODY_MAX;
    };
    if (length(value) > max) {
      throw variableProblem(Problem.VARIABLE_TOO_LONG, texts.variableTooLong(), t, v,
          Map.of("length", length(value), "max", Math.max(0, max)));
    }
  }

  /** The header as it will read; adds its component (text parameter or media) to {@code components}. */
  private String header(TemplateRecord t, HeaderMedia media, Map<Variable, String> values, List<Component> components) {
    String format = t.headerFormat();
    boolean mediaHeader = format != null && !format.equals("TEXT");
    if (!mediaHeader) {
      if (media != null) {
        throw problem(Problem.HEADER_MEDIA_UNEXPECTED, texts.headerMediaUnexpected(), t, Map.of());
      }
      if (format == null) {
        return null;
      }
      List<Parameter> parameters = values.entrySet().stream()
          .filter(e -> e.getKey().component().equals("HEADER"))
          .map(e -> t.named() ? Parameter.namedText(e.getKey().key(), e.getValue()) : Parameter.text(e.getValue()))
          .toList();
      if (!parameters.isEmpty()) {
        components.add(Component.header(parameters));
      }
      return TemplateRecord.fill(t.headerText(), key -> valueOf(values, "HEADER", key));
    }
    MessageType expected = MessageType.valueOf(format);
    Map<String, Object> kind = Map.of("media", format.toLowerCase(Locale.ROOT));
    if (media == null || ((media.mediaId() == null || media.mediaId().isBlank())
        && (media.link() == null || media.link().isBlank()))) {
      throw problem(Problem.HEADER_MEDIA_MISSING, texts.headerMediaMissing(), t, kind);
    }
    if (media.type() != expected) {
      throw problem(Problem.HEADER_MEDIA_WRONG, texts.headerMediaWrong(), t, kind);
    }
    MediaRef ref = media.mediaId() != null && !media.mediaId().isBlank() ? MediaRef.id(media.mediaId())
        : MediaRef.link(media.link());
    components.add(Component.header(List.of(switch (expected) {
      case IMAGE -> Parameter.image(ref);
      case VIDEO -> Parameter.video(ref);
      default -> Parameter.document(ref);
    })));
    return "[" + format.toLowerCase(Locale.ROOT) + "]";
  }

  private static String valueOf(Map<Variable, String> values, String component, String key) {
    return values.entrySet().stream()
        .filter(e -> e.getKey().component().equals(component) && e.getKey().key().equals(key))
        .map(Map.Entry::getValue).findFirst().orElse(null);
  }

  private TemplateProblemException variableProblem(Problem problem, String text, TemplateRecord t, Variable v,
      Map<String, Object> more) {
    Map<String, Object> details = new HashMap<>(more);
    details.put("variable", label(t, v));
    details.put("variableKey", v.key());
    details.put("component", v.component());
    return problem(problem, text, t, details);
  }

  private TemplateProblemException problem(Problem problem, String text, TemplateRecord t, Map<String, Object> more) {
    Map<String, Object> details = new HashMap<>(more);
    details.put("template", t.name());
    details.put("language", t.language());
    return new TemplateProblemException(problem, fill(text, details), details);
  }

  /** How people read a variable: {{2}} do corpo, {{nome}}, {{1}} do botão 1. */
  public String label(TemplateRecord t, Variable v) {
    return switch (v.component()) {
      case "BUTTON" -> texts.buttonVariable().replace("{button}", String.valueOf(v.buttonIndex() + 1));
      case "HEADER" -> t.named() ? "{{" + v.key() + "}}" : texts.headerVariable().replace("{key}", v.key());
      default -> t.named() ? "{{" + v.key() + "}}" : texts.bodyVariable().replace("{key}", v.key());
    };
  }

  private String fill(String text, Map<String, Object> values) {
    String out = text;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Object value = e.getKey().equals("status") ? texts.statusLabel(String.valueOf(e.getValue())) : e.getValue();
      out = out.replace("{" + e.getKey() + "}", String.valueOf(value));
    }
    return out;
  }

  private static int length(String s) {
    return s == null ? 0 : s.codePointCount(0, s.length());
  }
}
