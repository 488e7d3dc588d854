package io.atende.template;

import io.atende.whatsapp.MessageTemplate;
import io.atende.whatsapp.MessageTemplate.Button;
import io.atende.whatsapp.MessageTemplate.Component;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message template of the registry: what Meta holds (name, language, category, components with their numbered or
 * named variables, status, quality, rejection reason) and our response queue.
 *
 * @param id Meta's template id
 * @param parameterFormat POSITIONAL ({{1}}, {{2}}) or NAMED ({{first_name}})
 * @param status Meta's status: APPROVED, PENDING, REJECTED, PAUSED, DISABLED, IN_APPEAL, PENDING_DELETION...
 * @param qualityScore GREEN, YELLOW, RED or UNKNOWN
 * @param statusNote what Meta added to the last status change, if anything
 * @param responseQueue the queue (Camunda group) a reply to this template goes to; null when not set
 */
public record TemplateRecord(
    String id,
    String name,
    String language,
    String category,
    String parameterFormat,
    List<Component> components,
    String status,
    String qualityScore,
    String rejectedReason,
    String statusNote,
    String responseQueue,
    Instant updatedAt) {

  public static final String APPROVED = "APPROVED";
  public static final String NAMED = "NAMED";
  static final Pattern VARIABLE = Pattern.compile("\\{\\{([a-z0-9_]+)}}");

  public TemplateRecord {
    components = components == null ? List.of() : List.copyOf(components);
  }

  /**
   * One variable to fill.
   *
   * @param key the number ({@code 1}) or name ({@code first_name}); a URL button's variable is {@code button_<index>}
   *     when the template's variables are named
   * @param component HEADER, BODY or BUTTON
   * @param buttonIndex the button's position (BUTTON only)
   * @param example the sample Meta reviewed, if known
   */
  public record Variable(String key, String component, Integer buttonIndex, String example) {}

  public boolean named() {
    return NAMED.equalsIgnoreCase(parameterFormat);
  }

  public boolean approved() {
    return APPROVED.equals(status);
  }

  public Optional<Component> component(String type) {
    return components.stream().filter(c -> type.equalsIgnoreCase(c.type())).findFirst();
  }

  /** TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION; null without a header. */
  public String headerFormat() {
    return component("HEADER").map(c -> c.format() == null ? "TEXT" : c.format().toUpperCase(Locale.ROOT)).orElse(null);
  }

  public String headerText() {
    return "TEXT".equals(headerFormat()) ? component("HEADER").map(Component::text).orElse(null) : null;
  }

  public String body() {
    return component("BODY").map(Component::text).orElse("");
  }

  public String footer() {
    return component("FOOTER").map(Component::text).orElse(null);
  }

  public List<Button> buttons() {
    return component("BUTTONS").map(c -> c.buttons() == null ? List.<Button>of() : c.buttons()).orElse(List.of());
  }

  /** The variables to fill, in the order a list of values follows: header, body, then URL buttons. */
  public List<Variable> variables() {
    List<Variable> variables = new ArrayList<>();
    Optional<Component> header = component("HEADER").filter(c -> "TEXT".equals(headerFormat()));
    header.ifPresent(h -> {
      List<String> keys = keys(h.text());
      for (int i = 0; i < keys.size(); i++) {
        variables.add(new Variable(keys.get(i), "HEADER", null, headerExample(h, keys.get(i), i)));
      }
    });
    component("BODY").ifPresent(b -> {
      List<String> keys = keys(b.text());
      for (int i = 0; i < keys.size(); i++) {
        variables.add(new Variable(keys.get(i), "BODY", null, bodyExample(b, keys.get(i), i)));
      }
    });
    List<Button> buttons = buttons();
    for (int i = 0; i < buttons.size(); i++) {
      Button button = buttons.get(i);
      if ("URL".equalsIgnoreCase(button.type()) && button.url() != null && button.url().contains("{{1}}")) {
        variables.add(new Variable(named() ? "button_" + i : "1", "BUTTON", i,
            button.example() == null || button.example().isEmpty() ? null : button.example().get(0)));
      }
    }
    return variables;
  }

  /** The variables of a text: distinct, numbers in ascending order, names in order of appearance. */
  static List<String> keys(String text) {
    if (text == null) {
      return List.of();
    }
    Set<String> seen = new LinkedHashSet<>();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      seen.add(m.group(1));
    }
    List<String> keys = new ArrayList<>(seen);
    if (keys.stream().allMatch(k -> k.chars().allMatch(Character::isDigit))) {
      keys.sort(java.util.Comparator.comparingInt(Integer::parseInt));
    }
    return keys;
  }

  /** Replaces each variable by its value; variables without one are left as they are. */
  static String fill(String text, Function<String, String> values) {
    if (text == null) {
      return null;
    }
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.apply(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String headerExample(Component header, String key, int index) {
    MessageTemplate.Example e = header.example();
    if (e == null) {
      return null;
    }
    if (e.headerTextNamedParams() != null) {
      return e.headerTextNamedParams().stream().filter(n -> key.equals(n.paramName())).map(MessageTemplate.NamedExample::example)
          .findFirst().orElse(null);
    }
    return e.headerText() != null && index < e.headerText().size() ? e.headerText().get(index) : null;
  }

  private static String bodyExample(Component body, String key, int index) {
    MessageTemplate.Example e = body.example();
    if (e == null) {
      return null;
    }
    if (e.bodyTextNamedParams() != null) {
      return e.bodyTextNamedParams().stream().filter(n -> key.equals(n.paramName())).map(MessageTemplate.NamedExample::example)
          .findFirst().orElse(null);
    }
    List<String> row = e.bodyText() == null || e.bodyText().isEmpty() ? null : e.bodyText().get(0);
    return row != null && index < row.size() ? row.get(index) : null;
  }
}
