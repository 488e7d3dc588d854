package io.atende.template;

import io.atende.whatsapp.MessageTemplate;
import io.atende.whatsapp.MessageTemplate.Component;
import io.atende.whatsapp.MessageTemplate.NamedExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The REST API's shape of a template's content (JSON of {@code /api/templates}): header, body, footer and buttons,
 * each variable with an example, converted to and from Meta's components.
 *
 * <pre>{@code
 * {"name":"aviso_entrega","language":"pt_BR","category":"UTILITY","parameterFormat":"POSITIONAL",
 *  "header":{"format":"TEXT","text":"Pedido {{1}}","examples":["123"]},
 *  "body":{"text":"Olá {{1}}, seu pedido {{2}} saiu para entrega.","examples":["Ana","123"]},
 *  "footer":"Equipe Atende",
 *  "buttons":[{"type":"QUICK_REPLY","text":"Falar com atendente"},
 *             {"type":"URL","text":"Acompanhar","url":"https://loja.example/p/{{1}}","example":"123"}],
 *  "responseQueue":"comercial"}
 * }</pre>
 */
final class TemplateForm {

  private TemplateForm() {}

  /**
   * A header: {@code format} TEXT (with {@code text} and, for its variable, {@code examples} or
   * {@code namedExamples}), or IMAGE, VIDEO or DOCUMENT with {@code exampleHandle} (a sample uploaded to Meta).
   */
  record Header(String format, String text, List<String> examples, Map<String, String> namedExamples,
      String exampleHandle) {}

  /** The body: text with {{1}}, {{2}}... (examples in order) or {{name}} (namedExamples by name). */
  record Body(String text, List<String> examples, Map<String, String> namedExamples) {}

  /** QUICK_REPLY (text), URL (text, url, example for a {{1}} at its end) or PHONE_NUMBER (text, phoneNumber). */
  record Button(String type, String text, String url, String example, String phoneNumber) {}

  /** {@code POST /api/templates}. */
  record Create(String name, String language, String category, String parameterFormat, Header header, Body body,
      String footer, List<Button> buttons, String responseQueue) {}

  /** {@code PUT /api/templates/{id}}: the new content (and, for a rejected template, a new category). */
  record Edit(String category, Header header, Body body, String footer, List<Button> buttons) {}

  /** {@code PUT /api/templates/{id}/response-queue}; null clears it. */
  record ResponseQueue(String responseQueue) {}

  /** {@code POST /api/templates/{id}/preview}: a list of values, or name → value for named variables. */
  record PreviewRequest(List<String> variables, Map<String, String> namedVariables, String headerMediaType,
      String headerMediaId, String headerMediaLink) {}

  /** Meta's components for a header, body, footer and buttons. */
  static List<Component> components(Header header, Body body, String footer, List<Button> buttons) {
    List<Component> components = new ArrayList<>();
    if (header != null && header.format() != null && !header.format().isBlank()) {
      String format = header.format().toUpperCase(Locale.ROOT);
      if (format.equals("TEXT")) {
        boolean hasVariable = header.text() != null && header.text().contains("{{");
        MessageTemplate.Example example = !hasVariable ? null : new MessageTemplate.Example(
            header.namedExamples() == null ? header.examples() : null, named(header.namedExamples()), null, null, null);
        components.add(new Component("HEADER", "TEXT", header.text(), example, null));
      } else {
        components.add(new Component("HEADER", format, null, header.exampleHandle() == null ? null
            : new MessageTemplate.Example(null, null, null, null, List.of(header.exampleHandle())), null));
      }
    }
    Body b = body == null ? new Body(null, null, null) : body;
    boolean hasVariables = b.text() != null && b.text().contains("{{");
    MessageTemplate.Example example = !hasVariables ? null : new MessageTemplate.Example(null, null,
        b.namedExamples() == null && b.examples() != null ? List.of(b.examples()) : null, named(b.namedExamples()), null);
    components.add(new Component("BODY", null, b.text(), example, null));
    if (footer != null && !footer.isBlank()) {
      components.add(new Component("FOOTER", null, footer, null, null));
    }
    if (buttons != null && !buttons.isEmpty()) {
      components.add(new Component("BUTTONS", null, null, null, buttons.stream()
          .map(x -> new MessageTemplate.Button(x.type() == null ? null : x.type().toUpperCase(Locale.ROOT), x.text(),
              x.url(), x.phoneNumber(), x.example() == null || x.example().isBlank() ? null : List.of(x.example())))
          .toList()));
    }
    return components;
  }

  private static List<NamedExample> named(Map<String, String> examples) {
    return examples == null ? null
        : examples.entrySet().stream().map(e -> new NamedExample(e.getKey(), e.getValue())).toList();
  }

  // ---- the other way: the registry's template as the API shows it ----

  static Header header(TemplateRecord t) {
    return t.component("HEADER").map(c -> {
      String format = t.headerFormat();
      MessageTemplate.Example e = c.example();
      List<String> examples = e == null ? null : e.headerText();
      Map<String, String> named = e == null || e.headerTextNamedParams() == null ? null
          : e.headerTextNamedParams().stream().collect(java.util.stream.Collectors.toMap(NamedExample::paramName,
              n -> n.example() == null ? "" : n.example(), (x, y) -> x, java.util.LinkedHashMap::new));
      String handle = e == null || e.headerHandle() == null || e.headerHandle().isEmpty() ? null : e.headerHandle().get(0);
      return new Header(format, c.text(), examples, named, handle);
    }).orElse(null);
  }

  static Body body(TemplateRecord t) {
    return t.component("BODY").map(c -> {
      MessageTemplate.Example e = c.example();
      List<String> examples = e == null || e.bodyText() == null || e.bodyText().isEmpty() ? null : e.bodyText().get(0);
      Map<String, String> named = e == null || e.bodyTextNamedParams() == null ? null
          : e.bodyTextNamedParams().stream().collect(java.util.stream.Collectors.toMap(NamedExample::paramName,
              n -> n.example() == null ? "" : n.example(), (x, y) -> x, java.util.LinkedHashMap::new));
      return new Body(c.text(), examples, named);
    }).orElse(new Body("", null, null));
  }

  static List<Button> buttons(TemplateRecord t) {
    return t.buttons().stream()
        .map(b -> new Button(b.type(), b.text(), b.url(),
            b.example() == null || b.example().isEmpty() ? null : b.example().get(0), b.phoneNumber()))
        .toList();
  }
}
