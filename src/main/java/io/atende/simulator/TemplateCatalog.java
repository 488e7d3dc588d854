package io.atende.simulator;

import io.atende.simulator.SimulatorProperties.Template;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The WABA's message templates: lookup for sends and the {@code message_templates} listing. */
final class TemplateCatalog {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(\\d+)\\s*}}");

  /** Filters of the listing, all optional (Graph's {@code name}, {@code status}, {@code category}, {@code language}). */
  record Query(String name, String status, String category, String language, int limit, String after) {}

  private final List<Template> templates;

  TemplateCatalog(List<Template> templates) {
    this.templates = List.copyOf(templates);
  }

  Optional<Template> find(String name, String language) {
    return templates.stream()
        .filter(t -> t.name().equals(name) && t.language().equals(language))
        .findFirst();
  }

  /** How many distinct {{n}} placeholders the text has (0 for null). */
  static int placeholders(String text) {
    if (text == null) {
      return 0;
    }
    Set<String> seen = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      seen.add(m.group(1));
    }
    return seen.size();
  }

  /** Replaces {{n}} by the n-th value (1-based); placeholders without a value are left as they are. */
  static String fill(String text, List<String> values) {
    if (text == null) {
      return null;
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int index = Integer.parseInt(m.group(1)) - 1;
      String value = index >= 0 && index < values.size() ? values.get(index) : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String id(Template t) {
    return Ids.stableId(t.name() + '/' + t.language());
  }

  /**
   * One page of the listing.
   *
   * @param nextUrl makes the {@code paging.next} URL from the cursor of the page's last item
   */
  Wire.TemplatePage page(Query query, java.util.function.UnaryOperator<String> nextUrl) {
    List<Template> matching = templates.stream()
        .filter(t -> query.name() == null || t.name().contains(query.name()))
        .filter(t -> query.status() == null || t.status().name().equalsIgnoreCase(query.status()))
        .filter(t -> query.category() == null || t.category().name().equalsIgnoreCase(query.category()))
        .filter(t -> query.language() == null || t.language().equals(query.language()))
        .toList();
    int from = decodeCursor(query.after());
    int to = Math.min(matching.size(), from + query.limit());
    List<Wire.TemplateNode> data = new ArrayList<>();
    for (int i = from; i < to; i++) {
      data.add(node(matching.get(i)));
    }
    Wire.Paging paging = data.isEmpty()
        ? null
        : new Wire.Paging(new Wire.Cursors(cursor(from), cursor(to - 1)),
            to < matching.size() ? nextUrl.apply(cursor(to - 1)) : null, null);
    return new Wire.TemplatePage(data, paging);
  }

  /** The cursor after which a page starts; {@code after} points at the last item of the previous page. */
  private static int decodeCursor(String after) {
    if (after == null || after.isBlank()) {
      return 0;
    }
    try {
      return Integer.parseInt(new String(Base64.getDecoder().decode(after), StandardCharsets.US_ASCII)) + 1;
    } catch (IllegalArgumentException e) {
      throw GraphException.invalidParameter("Invalid pagination cursor: " + after);
    }
  }

  private static String cursor(int index) {
    return Base64.getEncoder().encodeToString(Integer.toString(index).getBytes(StandardCharsets.US_ASCII));
  }

  private static Wire.TemplateNode node(Template t) {
    List<Wire.TemplateComponent> components = new ArrayList<>();
    if (t.header() != null) {
      components.add(new Wire.TemplateComponent("HEADER", "TEXT", t.header(),
          placeholders(t.header()) > 0 ? new Wire.TemplateExample(List.of("exemplo"), null) : null, null));
    }
    int bodyParams = placeholders(t.body());
    components.add(new Wire.TemplateComponent("BODY", null, t.body(),
        bodyParams > 0
            ? new Wire.TemplateExample(null, List.of(java.util.stream.IntStream.rangeClosed(1, bodyParams)
                .mapToObj(i -> "exemplo" + i).toList()))
            : null,
        null));
    if (t.footer() != null) {
      components.add(new Wire.TemplateComponent("FOOTER", null, t.footer(), null, null));
    }
    if (!t.quickReplies().isEmpty()) {
      components.add(new Wire.TemplateComponent("BUTTONS", null, null, null,
          t.quickReplies().stream().map(label -> new Wire.TemplateButton("QUICK_REPLY", label)).toList()));
    }
    return new Wire.TemplateNode(t.name(), "POSITIONAL", components, t.language(), t.status().name(),
        t.category().name(), id(t));
  }
}
