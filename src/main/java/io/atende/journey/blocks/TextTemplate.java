package io.atende.journey.blocks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A text an analyst writes in a block, with {@code {variable}} placeholders filled from process variables:
 * {@code "Olá, {customerName}! Seu protocolo é {protocol}."}. {@code {{} and {@code }}} write a brace. Values are
 * put in as they are, never read as placeholders again (a customer's answer with braces stays as typed).
 *
 * <p>Camunda's own {@code ${...}} and {@code #{...}} are refused: in a block they would be evaluated by the engine,
 * not filled, and an analyst who writes them means a placeholder.
 */
public final class TextTemplate {

  /** A variable name as a placeholder names it: a letter or underscore, then letters, digits, underscores. */
  public static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private sealed interface Part permits Literal, Placeholder {}

  private record Literal(String text) implements Part {}

  private record Placeholder(String variable) implements Part {}

  private final List<Part> parts;

  private TextTemplate(List<Part> parts) {
    this.parts = parts;
  }

  /** The template in {@code text}, or an exception saying what is wrong with it (in words for analysts). */
  public static TextTemplate parse(String text) {
    String problem = problemOf(text);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new TextTemplate(split(text));
  }

  /** What is wrong with {@code text} as a block's text; empty when it can be filled. */
  public static Optional<String> check(String text) {
    return Optional.ofNullable(problemOf(text));
  }

  /** The names of the variables the text reads, in order of appearance. */
  public List<String> variables() {
    return parts.stream().filter(Placeholder.class::isInstance).map(p -> ((Placeholder) p).variable()).toList();
  }

  /** The text with each placeholder replaced by {@code values.apply(name)} ({@code null} gives an empty string). */
  public String fill(Function<String, Object> values) {
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Literal literal) {
        out.append(literal.text());
      } else if (part instanceof Placeholder placeholder) {
        Object value = values.apply(placeholder.variable());
        out.append(value == null ? "" : value.toString());
      }
    }
    return out.toString();
  }

  private static String problemOf(String text) {
    if (text == null || text.isBlank()) {
      return "the text is empty";
    }
    for (String engineSyntax : List.of("${", "#{")) {
      int at = text.indexOf(engineSyntax);
      if (at >= 0) {
        return "'" + excerpt(text, at) + "' uses " + engineSyntax + "...}; write a variable as {name}, e.g. {customerName}";
      }
    }
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '{' && next(text, i) == '{' || c == '}' && next(text, i) == '}') {
        i += 2;
      } else if (c == '}') {
        return "'" + excerpt(text, i) + "' has a '}' that closes nothing; write }} for a brace";
      } else if (c == '{') {
        int end = text.indexOf('}', i);
        if (end < 0) {
          return "'" + excerpt(text, i) + "' opens a '{' that is never closed; write {name} for a variable, {{ for a brace";
        }
        String name = text.substring(i + 1, end).trim();
        if (!VARIABLE_NAME.matcher(name).matches()) {
          return "'{" + text.substring(i + 1, end) + "}' is not a variable name (letters, digits and _, not starting with a digit)";
        }
        i = end + 1;
      } else {
        i++;
      }
    }
    return null;
  }

  private static List<Part> split(String text) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if ((c == '{' || c == '}') && next(text, i) == c) {
        literal.append(c);
        i += 2;
      } else if (c == '{') {
        int end = text.indexOf('}', i);
        if (!literal.isEmpty()) {
          parts.add(new Literal(literal.toString()));
          literal.setLength(0);
        }
        parts.add(new Placeholder(text.substring(i + 1, end).trim()));
        i = end + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    if (!literal.isEmpty()) {
      parts.add(new Literal(literal.toString()));
    }
    return List.copyOf(parts);
  }

  private static char next(String text, int i) {
    return i + 1 < text.length() ? text.charAt(i + 1) : 0;
  }

  private static String excerpt(String text, int at) {
    int from = Math.max(0, at - 10);
    int to = Math.min(text.length(), at + 20);
    return (from > 0 ? "…" : "") + text.substring(from, to) + (to < text.length() ? "…" : "");
  }
}
