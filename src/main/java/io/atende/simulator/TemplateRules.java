package io.atende.simulator;

import io.atende.simulator.SimulatorProperties.TemplateCategory;
import io.atende.simulator.SimulatorProperties.TemplateStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What Meta checks when a template is submitted (created or edited), before anyone reviews it, and what its
 * review decides afterwards. Refusals are {@link GraphException}s shaped like Meta's: code 100, a subcode where
 * Meta's is known, and the title and message WhatsApp Manager shows.
 */
final class TemplateRules {

  static final int NAME_MAX = 512;
  static final int HEADER_MAX = 60;
  static final int BODY_MAX = 1024;
  static final int FOOTER_MAX = 60;
  static final int BUTTON_TEXT_MAX = 25;
  static final int URL_MAX = 2000;
  static final int MAX_BUTTONS = 10;
  static final int MAX_URL_BUTTONS = 2;
  static final int MAX_PHONE_BUTTONS = 1;
  static final int MAX_EMOJI = 10;

  /** Meta's subcodes this simulator knows: duplicate name+language, character limit, header format, edge variable. */
  static final int DUPLICATE = 2388024;
  static final int CHARACTER_LIMIT = 2388040;
  static final int HEADER_FORMAT = 2388047;
  static final int EDGE_VARIABLE = 2388299;

  private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
  private static final Pattern VARIABLE = Pattern.compile("\\{\\{([^{}]*)}}");
  private static final Pattern POSITIONAL = Pattern.compile("[1-9][0-9]*");
  private static final Pattern NAMED = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern WORD = Pattern.compile("\\S*[\\p{L}\\p{N}]\\S*");
  private static final Pattern EDGE = Pattern.compile("^[\\s\\p{P}]*\\{\\{[^{}]*}}|\\{\\{[^{}]*}}[\\s\\p{P}]*$");
  private static final Pattern ADJACENT = Pattern.compile("\\{\\{[^{}]*}}[\\s\\p{P}]*\\{\\{[^{}]*}}");
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{8,20}");
  private static final Pattern SHORTENER = Pattern.compile(
      "(?i)\\b(bit\\.ly|tinyurl\\.com|goo\\.gl|t\\.co|cutt\\.ly|is\\.gd|ow\\.ly|rebrand\\.ly|encurtador\\.com\\.br)/");
  private static final List<String> PROMOTIONAL = List.of(
      "desconto", "promoção", "promocao", "oferta", "cupom", "grátis", "gratis", "liquidação", "liquidacao",
      "black friday", "% off", "discount", "offer", "coupon", "sale", "free");
  private static final List<String> ABUSIVE = List.of(
      "idiota", "imbecil", "otário", "otario", "vamos te processar", "você vai se arrepender", "voce vai se arrepender");

  /** Languages Meta accepts for templates. */
  static final Set<String> LANGUAGES = Set.of(
      "af", "sq", "ar", "az", "bn", "bg", "ca", "zh_CN", "zh_HK", "zh_TW", "hr", "cs", "da", "nl", "en", "en_GB", "en_US",
      "et", "fil", "fi", "fr", "ka", "de", "el", "gu", "ha", "he", "hi", "hu", "id", "ga", "it", "ja", "kn", "kk", "rw_RW",
      "ko", "ky_KG", "lo", "lv", "lt", "mk", "ms", "ml", "mr", "nb", "fa", "pl", "pt_BR", "pt_PT", "pa", "ro", "ru", "sr",
      "sk", "sl", "es", "es_AR", "es_ES", "es_MX", "sw", "sv", "ta", "te", "th", "tr", "uk", "ur", "uz", "vi", "zu");

  /**
   * The body of {@code POST /{waba-id}/message_templates} (and, without name and language, of an edit).
   */
  record Submission(
      String name,
      String language,
      String category,
      String parameterFormat,
      Boolean allowCategoryChange,
      List<Wire.TemplateComponent> components) {}

  /** A submission that passed: what the template will hold. */
  record Valid(TemplateCategory category, String parameterFormat, List<Wire.TemplateComponent> components) {}

  /** What review decided. */
  record Verdict(TemplateStatus status, String reason, TemplateCategory category, Wire.RejectionInfo rejectionInfo) {}

  private TemplateRules() {}

  // ------------------------------------------------------------------ submission

  static void checkNameAndLanguage(String name, String language) {
    if (name == null || name.isBlank()) {
      throw GraphException.parameterRequired("name");
    }
    if (name.length() > NAME_MAX || !NAME.matcher(name).matches()) {
      throw GraphException.templateRefused(null, "Invalid template name",
          "Template names can only have lowercase letters, numbers and underscores, and at most " + NAME_MAX
              + " characters.");
    }
    if (language == null || language.isBlank()) {
      throw GraphException.parameterRequired("language");
    }
    if (!LANGUAGES.contains(language)) {
      throw GraphException.invalidParameter("Param language must be a language code WhatsApp supports, e.g. pt_BR or en_US"
          + " - got \"" + language + "\".");
    }
  }

  /** Checks components, category and format; {@code current} is the template being edited, or null. */
  static Valid check(Submission s, SimTemplate current) {
    TemplateCategory category = category(s.category(), current);
    String format = format(s.parameterFormat(), current);
    List<Wire.TemplateComponent> components = s.components() != null ? s.components()
        : current != null ? current.components() : null;
    if (components == null || components.isEmpty()) {
      throw GraphException.parameterRequired("components");
    }
    Map<String, List<Wire.TemplateComponent>> byType = new java.util.HashMap<>();
    for (int i = 0; i < components.size(); i++) {
      Wire.TemplateComponent c = components.get(i);
      String type = c == null || c.type() == null ? "" : c.type().toUpperCase(Locale.ROOT);
      if (!List.of("HEADER", "BODY", "FOOTER", "BUTTONS").contains(type)) {
        throw GraphException.invalidParameter("Param components[" + i + "]['type'] must be one of {BODY, BUTTONS,"
            + " FOOTER, HEADER} - got \"" + (c == null ? null : c.type()) + "\".");
      }
      byType.computeIfAbsent(type, k -> new ArrayList<>()).add(c);
    }
    byType.forEach((type, list) -> {
      if (list.size() > 1) {
        throw GraphException.invalidParameter("Param components may have only one " + type + " component.");
      }
    });
    if (!byType.containsKey("BODY")) {
      throw GraphException.templateRefused(null, "Body is missing", "Every template needs a body.");
    }
    List<Wire.TemplateComponent> normalized = new ArrayList<>();
    Wire.TemplateComponent header = first(byType, "HEADER");
    if (header != null) {
      normalized.add(header(header, format));
    }
    normalized.add(body(first(byType, "BODY"), format));
    Wire.TemplateComponent footer = first(byType, "FOOTER");
    if (footer != null) {
      normalized.add(footer(footer));
    }
    Wire.TemplateComponent buttons = first(byType, "BUTTONS");
    if (buttons != null) {
      normalized.add(buttons(buttons));
    }
    return new Valid(category, format, normalized);
  }

  private static Wire.TemplateComponent first(Map<String, List<Wire.TemplateComponent>> byType, String type) {
    List<Wire.TemplateComponent> list = byType.get(type);
    return list == null ? null : list.get(0);
  }

  private static TemplateCategory category(String category, SimTemplate current) {
    if (category == null || category.isBlank()) {
      if (current != null) {
        return current.category();
      }
      throw GraphException.parameterRequired("category");
    }
    TemplateCategory parsed;
    try {
      parsed = TemplateCategory.valueOf(category.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw GraphException.invalidParameter(
          "Param category must be one of {AUTHENTICATION, MARKETING, UTILITY} - got \"" + category + "\".");
    }
    if (current != null && parsed != current.category() && current.status() == TemplateStatus.APPROVED) {
      throw GraphException.templateRefused(null, "Category can't be changed",
          "The category of an approved template can't be changed. Create a new template instead.");
    }
    return parsed;
  }

  private static String format(String format, SimTemplate current) {
    if (format == null || format.isBlank()) {
      return current != null ? current.parameterFormat() : SimTemplate.POSITIONAL;
    }
    String upper = format.toUpperCase(Locale.ROOT);
    if (!upper.equals(SimTemplate.POSITIONAL) && !upper.equals(SimTemplate.NAMED)) {
      throw GraphException.invalidParameter("Param parameter_format must be one of {NAMED, POSITIONAL} - got \"" + format
          + "\".");
    }
    return upper;
  }

  private static Wire.TemplateComponent header(Wire.TemplateComponent c, String format) {
    String headerFormat = c.format() == null ? "" : c.format().toUpperCase(Locale.ROOT);
    if (!List.of("TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION").contains(headerFormat)) {
      throw GraphException.invalidParameter("Param components[HEADER]['format'] must be one of {DOCUMENT, IMAGE,"
          + " LOCATION, TEXT, VIDEO} - got \"" + c.format() + "\".");
    }
    if (!headerFormat.equals("TEXT")) {
      boolean media = !headerFormat.equals("LOCATION");
      if (media && (c.example() == null || c.example().headerHandle() == null || c.example().headerHandle().isEmpty()
          || c.example().headerHandle().get(0) == null || c.example().headerHandle().get(0).isBlank())) {
        throw missingExample("the header's " + headerFormat.toLowerCase(Locale.ROOT) + " (example.header_handle)");
      }
      return new Wire.TemplateComponent("HEADER", headerFormat, null, media ? c.example() : null, null);
    }
    String text = c.text();
    if (text == null || text.isBlank()) {
      throw GraphException.templateRefused(HEADER_FORMAT, "Header format is incorrect", "A text header needs text.");
    }
    if (length(text) > HEADER_MAX) {
      throw characterLimit("header", HEADER_MAX, length(text));
    }
    if (text.contains("\n") || text.contains("*") || text.contains("~") || text.contains("```") || emoji(text) > 0) {
      throw GraphException.templateRefused(HEADER_FORMAT, "Header format is incorrect",
          "A text header can't have new lines, formatting characters or emojis.");
    }
    List<String> variables = variables(text, format, "header");
    if (variables.size() > 1) {
      throw GraphException.templateRefused(HEADER_FORMAT, "Header format is incorrect",
          "A text header can have at most one variable.");
    }
    if (!variables.isEmpty()) {
      examples(variables, format, c.example() == null ? null : c.example().headerText(),
          c.example() == null ? null : c.example().headerTextNamedParams(), "header");
    }
    Wire.TemplateExample example = variables.isEmpty() || c.example() == null ? null
        : new Wire.TemplateExample(c.example().headerText(), c.example().headerTextNamedParams(), null, null, null);
    return new Wire.TemplateComponent("HEADER", "TEXT", text, example, null);
  }

  private static Wire.TemplateComponent body(Wire.TemplateComponent c, String format) {
    String text = c.text();
    if (text == null || text.isBlank()) {
      throw GraphException.templateRefused(null, "Body is missing", "The body needs text.");
    }
    if (length(text) > BODY_MAX) {
      throw characterLimit("body", BODY_MAX, length(text));
    }
    List<String> variables = variables(text, format, "body");
    String fixed = VARIABLE.matcher(text).replaceAll(" ");
    if (text.contains("\n\n\n") || fixed.codePoints().noneMatch(Character::isLetter) || emoji(text) > MAX_EMOJI) {
      throw GraphException.templateRefused(null, "Body format is incorrect",
          "The message body can't have more than two consecutive newline characters, only have parameters, or have"
              + " more than " + MAX_EMOJI + " emojis.");
    }
    if (!variables.isEmpty()) {
      if (EDGE.matcher(text).find()) {
        throw GraphException.templateRefused(EDGE_VARIABLE, "Leading or trailing params not allowed",
            "Variables can't be at the start or end of the template.");
      }
      if (ADJACENT.matcher(text).find()) {
        throw GraphException.templateRefused(null, "Body format is incorrect",
            "Variables can't be next to each other: put words between them.");
      }
      int words = (int) WORD.matcher(fixed).results().count();
      int n = variables.size();
      if (words + n < 3 * n + 1) {
        throw GraphException.templateRefused(null, "Too many variables",
            "This template has too many variables for its length: write more words around them (" + n + " variables"
                + " need at least " + (2 * n + 1) + " other words).");
      }
      List<List<String>> bodyText = c.example() == null ? null : c.example().bodyText();
      examples(variables, format, bodyText == null || bodyText.isEmpty() ? null : bodyText.get(0),
          c.example() == null ? null : c.example().bodyTextNamedParams(), "body");
    }
    Wire.TemplateExample example = variables.isEmpty() || c.example() == null ? null
        : new Wire.TemplateExample(null, null, c.example().bodyText(), c.example().bodyTextNamedParams(), null);
    return new Wire.TemplateComponent("BODY", null, text, example, null);
  }

  private static Wire.TemplateComponent footer(Wire.TemplateComponent c) {
    String text = c.text();
    if (text == null || text.isBlank()) {
      throw GraphException.templateRefused(null, "Footer format is incorrect", "A footer needs text.");
    }
    if (length(text) > FOOTER_MAX) {
      throw characterLimit("footer", FOOTER_MAX, length(text));
    }
    if (VARIABLE.matcher(text).find() || text.contains("\n")) {
      throw GraphException.templateRefused(null, "Footer format is incorrect",
          "A footer can't have variables or new lines.");
    }
    return new Wire.TemplateComponent("FOOTER", null, text, null, null);
  }

  private static Wire.TemplateComponent buttons(Wire.TemplateComponent c) {
    List<Wire.TemplateButton> buttons = c.buttons() == null ? List.of() : c.buttons();
    if (buttons.isEmpty() || buttons.size() > MAX_BUTTONS) {
      throw GraphException.templateRefused(null, "Invalid buttons",
          "A template has 1 to " + MAX_BUTTONS + " buttons; got " + buttons.size() + ".");
    }
    int urls = 0;
    int phones = 0;
    Set<String> labels = new HashSet<>();
    List<Wire.TemplateButton> normalized = new ArrayList<>();
    for (Wire.TemplateButton b : buttons) {
      String type = b == null || b.type() == null ? "" : b.type().toUpperCase(Locale.ROOT);
      if (!List.of("QUICK_REPLY", "URL", "PHONE_NUMBER").contains(type)) {
        throw GraphException.invalidParameter("Param buttons[]['type'] must be one of {PHONE_NUMBER, QUICK_REPLY, URL}"
            + " - got \"" + (b == null ? null : b.type()) + "\".");
      }
      if (b.text() == null || b.text().isBlank()) {
        throw GraphException.templateRefused(null, "Invalid buttons", "Every button needs a label.");
      }
      if (length(b.text()) > BUTTON_TEXT_MAX) {
        throw characterLimit("button label", BUTTON_TEXT_MAX, length(b.text()));
      }
      if (VARIABLE.matcher(b.text()).find()) {
        throw GraphException.templateRefused(null, "Invalid buttons", "Button labels can't have variables.");
      }
      if (!labels.add(b.text())) {
        throw GraphException.templateRefused(null, "Invalid buttons", "Button labels must be different from each other.");
      }
      switch (type) {
        case "URL" -> {
          urls++;
          url(b);
        }
        case "PHONE_NUMBER" -> {
          phones++;
          if (b.phoneNumber() == null || !PHONE.matcher(b.phoneNumber().replaceAll("[\\s()-]", "")).matches()) {
            throw GraphException.templateRefused(null, "Invalid buttons",
                "A phone number button needs a phone number with country code, e.g. +551140000000.");
          }
        }
        default -> { }
      }
      normalized.add(new Wire.TemplateButton(type, b.text(), type.equals("URL") ? b.url() : null,
          type.equals("PHONE_NUMBER") ? b.phoneNumber() : null, type.equals("URL") ? b.example() : null));
    }
    if (urls > MAX_URL_BUTTONS || phones > MAX_PHONE_BUTTONS) {
      throw GraphException.templateRefused(null, "Invalid buttons",
          "A template has at most " + MAX_URL_BUTTONS + " URL buttons and " + MAX_PHONE_BUTTONS + " phone number button.");
    }
    return new Wire.TemplateComponent("BUTTONS", null, null, null, normalized);
  }

  private static void url(Wire.TemplateButton b) {
    String url = b.url();
    if (url == null || !url.matches("(?i)https?://\\S+") || length(url) > URL_MAX) {
      throw GraphException.templateRefused(null, "Invalid buttons",
          "A URL button needs an http(s) address of at most " + URL_MAX + " characters.");
    }
    List<String> variables = new ArrayList<>();
    VARIABLE.matcher(url).results().forEach(r -> variables.add(r.group(1)));
    if (variables.isEmpty()) {
      return;
    }
    if (variables.size() > 1 || !variables.get(0).equals("1") || !url.endsWith("{{1}}")) {
      throw GraphException.templateRefused(null, "Invalid buttons",
          "A URL button can have one variable, {{1}}, at the end of its address.");
    }
    if (b.example() == null || b.example().isEmpty() || b.example().get(0) == null || b.example().get(0).isBlank()) {
      throw missingExample("the URL button's variable (example)");
    }
  }

  /**
   * The variables of a text in order of first appearance, checked against the template's format: POSITIONAL ones
   * are {{1}}..{{n}} without gaps, NAMED ones lowercase letters, digits and underscores.
   */
  static List<String> variables(String text, String format, String where) {
    Set<String> seen = new LinkedHashSet<>();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      String key = m.group(1);
      boolean positional = POSITIONAL.matcher(key).matches();
      boolean named = NAMED.matcher(key).matches();
      if (!positional && !named) {
        throw GraphException.templateRefused(null, "Invalid variable",
            "The " + where + " has an invalid variable {{" + key + "}}: use {{1}}, {{2}}... or names like {{first_name}}.");
      }
      if (positional != SimTemplate.POSITIONAL.equals(format)) {
        throw GraphException.templateRefused(null, "Invalid variable",
            "The " + where + " has {{" + key + "}} but the template's parameter_format is " + format + ".");
      }
      seen.add(key);
    }
    List<String> variables = new ArrayList<>(seen);
    if (SimTemplate.POSITIONAL.equals(format)) {
      for (int i = 0; i < variables.size(); i++) {
        if (!variables.contains(String.valueOf(i + 1))) {
          throw GraphException.templateRefused(null, "Invalid variable",
              "The " + where + "'s variables must be numbered {{1}} to {{" + variables.size() + "}} without gaps.");
        }
      }
      variables.sort(java.util.Comparator.comparingInt(Integer::parseInt));
    }
    return variables;
  }

  private static void examples(List<String> variables, String format, List<String> positional,
      List<Wire.NamedExample> named, String where) {
    if (SimTemplate.POSITIONAL.equals(format)) {
      if (positional == null || positional.size() != variables.size()
          || positional.stream().anyMatch(e -> e == null || e.isBlank())) {
        throw missingExample("each of the " + where + "'s " + variables.size() + " variables (example."
            + (where.equals("header") ? "header_text" : "body_text") + ")");
      }
      return;
    }
    Map<String, String> given = named == null ? Map.of() : named.stream()
        .filter(e -> e != null && e.paramName() != null)
        .collect(Collectors.toMap(Wire.NamedExample::paramName, e -> e.example() == null ? "" : e.example(), (a, b) -> a));
    for (String variable : variables) {
      if (given.getOrDefault(variable, "").isBlank()) {
        throw missingExample("the " + where + "'s variable {{" + variable + "}} (example."
            + (where.equals("header") ? "header_text_named_params" : "body_text_named_params") + ")");
      }
    }
  }

  private static GraphException missingExample(String what) {
    return GraphException.templateRefused(null, "Sample is missing", "Add a sample for " + what + ".");
  }

  private static GraphException characterLimit(String what, int max, int got) {
    return GraphException.templateRefused(CHARACTER_LIMIT, "Character limit hit",
        "The " + what + " has " + got + " characters; at most " + max + " are allowed.");
  }

  static GraphException duplicate(String language) {
    return GraphException.templateRefused(DUPLICATE, "Content in This Language Already Exists",
        "There is already " + languageName(language) + " content for this template. You can create a new template and"
            + " try again.");
  }

  static String languageName(String code) {
    return Locale.forLanguageTag(code.replace('_', '-')).getDisplayName(Locale.ENGLISH);
  }

  // ------------------------------------------------------------------ review

  /**
   * Review, as the simulator plays Meta's reviewers (README, simulator section): a shortened link is refused as
   * INVALID_FORMAT; insults and threats as ABUSIVE_CONTENT; promotional words in a UTILITY or AUTHENTICATION
   * template move it to MARKETING when {@code allow_category_change} was asked, else refuse it as PROMOTIONAL;
   * everything else is approved.
   */
  static Verdict review(SimTemplate t) {
    String text = t.allText();
    String lower = text.toLowerCase(Locale.ROOT);
    if (SHORTENER.matcher(text).find()) {
      return new Verdict(TemplateStatus.REJECTED, "INVALID_FORMAT", t.category(),
          new Wire.RejectionInfo("The template has a shortened URL, which hides where the link leads.",
              "Use the full address of your own website instead of a link shortener."));
    }
    if (ABUSIVE.stream().anyMatch(lower::contains)) {
      return new Verdict(TemplateStatus.REJECTED, "ABUSIVE_CONTENT", t.category(), null);
    }
    if (t.category() != TemplateCategory.MARKETING && PROMOTIONAL.stream().anyMatch(w -> containsWord(lower, w))) {
      if (t.allowCategoryChange()) {
        return new Verdict(TemplateStatus.APPROVED, "NONE", TemplateCategory.MARKETING, null);
      }
      return new Verdict(TemplateStatus.REJECTED, "PROMOTIONAL", t.category(), null);
    }
    return new Verdict(TemplateStatus.APPROVED, "NONE", t.category(), null);
  }

  private static boolean containsWord(String text, String word) {
    return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}])").matcher(text).find();
  }

  private static int length(String s) {
    return SendValidator.length(s);
  }

  /** Emoji as people count them: pictographs and symbols outside the letters and digits. */
  static int emoji(String s) {
    return (int) s.codePoints()
        .filter(cp -> (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2B00 && cp <= 0x2BFF))
        .count();
  }
}
