package io.atende.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a send request the way the Cloud API does before accepting it, and turns it into what the
 * customer's chat will show. Every refusal is a {@link GraphException} with Meta's code.
 */
final class SendValidator {

  static final int TEXT_MAX = 4096;
  static final int CAPTION_MAX = 1024;
  static final int TEMPLATE_BODY_MAX = 1024;
  static final int TEMPLATE_HEADER_MAX = 60;

  private static final List<String> TYPES = List.of(
      "audio", "contacts", "document", "image", "interactive", "location", "reaction", "sticker", "template", "text",
      "video");
  private static final List<String> INTERACTIVE_TYPES = List.of(
      "button", "list", "cta_url", "flow", "product", "product_list", "catalog_message", "location_request_message",
      "address_message", "call_permission_request");

  /**
   * Whom a send addresses: a phone number ({@code to}) or a BSUID or parent BSUID ({@code recipient}).
   *
   * @param input the identifier as sent
   * @param waId the phone number (digits only), or null for a send to a BSUID
   * @param userId the BSUID or parent BSUID, or null for a send to a phone number
   */
  record Addressee(String input, String waId, String userId) {
    boolean isPhone() {
      return waId != null;
    }
  }

  /**
   * A send the API accepts.
   *
   * @param to whom it addresses
   * @param content what the customer's chat shows
   * @param template the template used, or null for a free-form message (needs the 24-hour window)
   * @param unknownMediaId a media id the request names that does not exist (fails after acceptance)
   */
  record ValidSend(Addressee to, Content content, SimTemplate template, String unknownMediaId) {}

  private final TemplateCatalog templates;
  private final MediaStore media;

  SendValidator(TemplateCatalog templates, MediaStore media) {
    this.templates = templates;
    this.media = media;
  }

  /** {@code messaging_product} must be present and {@code whatsapp}. */
  static void checkMessagingProduct(String messagingProduct) {
    if (messagingProduct == null || messagingProduct.isBlank()) {
      throw GraphException.parameterRequired("messaging_product");
    }
    if (!"whatsapp".equalsIgnoreCase(messagingProduct)) {
      throw GraphException.invalidParameter(
          "Param messaging_product must be one of {WHATSAPP} - got \"" + messagingProduct + "\".");
    }
  }

  ValidSend validate(SendRequest r) {
    checkMessagingProduct(r.messagingProduct());
    if (r.recipientType() != null && !"individual".equalsIgnoreCase(r.recipientType())) {
      throw GraphException.invalidParameter(
          "Param recipient_type must be one of {INDIVIDUAL} - got \"" + r.recipientType() + "\".");
    }
    Addressee to = addressee(r.to(), r.recipient());
    String type = r.type() == null ? "text" : r.type().toLowerCase(Locale.ROOT);
    if (!TYPES.contains(type)) {
      throw GraphException.invalidParameter("Param type must be one of {" + String.join(", ", TYPES).toUpperCase(Locale.ROOT)
          + "} - got \"" + r.type() + "\".");
    }
    String replyTo = r.context() == null ? null : r.context().messageId();
    return switch (type) {
      case "text" -> new ValidSend(to, text(r.text(), replyTo), null, null);
      case "template" -> template(r, to, replyTo);
      case "image", "audio", "video", "document", "sticker" -> media(r, to, type, replyTo);
      case "location" -> new ValidSend(to, location(r.location(), replyTo), null, null);
      case "interactive" -> new ValidSend(to, interactive(r.interactive(), replyTo), null, null);
      case "reaction" -> new ValidSend(to, reaction(r.reaction()), null, null);
      case "contacts" -> new ValidSend(to, contacts(r.contacts(), replyTo), null, null);
      default -> throw new IllegalStateException("unhandled type " + type);
    };
  }

  /** {@code to} (a phone number) if present, it takes precedence; else {@code recipient} (a BSUID or parent BSUID). */
  static Addressee addressee(String to, String recipient) {
    if (to != null && !to.isBlank()) {
      return new Addressee(to, phoneNumber(to), null);
    }
    if (recipient == null || recipient.isBlank()) {
      throw GraphException.missingParameter("The parameter to or recipient is required.");
    }
    if (!CustomerId.isBsuid(recipient) && !CustomerId.isParentBsuid(recipient)) {
      throw GraphException.invalidValue("Param recipient is not a valid business-scoped user ID: expected a country"
          + " code, a period and up to 128 letters and digits (e.g. BR.1502576394655843, or US.ENT.11815799212886844830"
          + " for a parent BSUID), got \"" + recipient + "\".");
    }
    return new Addressee(recipient, null, recipient);
  }

  /** The recipient's WhatsApp id: {@code to} without '+', spaces, dashes, dots and parentheses. */
  private static String phoneNumber(String to) {
    String digits = to.replaceAll("[\\s+()\\-.]", "");
    if (!digits.matches("\\d{8,15}")) {
      throw GraphException.invalidValue("Param to is not a valid WhatsApp phone number: expected 8 to 15 digits"
          + " with country code, got \"" + to + "\".");
    }
    return digits;
  }

  private static Content text(SendRequest.Text text, String replyTo) {
    if (text == null) {
      throw GraphException.missingParameter("The parameter text is required.");
    }
    if (text.body() == null) {
      throw GraphException.missingParameter("The parameter text['body'] is required.");
    }
    int length = length(text.body());
    if (length < 1) {
      throw GraphException.invalidParameter("Param text['body'] must be at least 1 characters long.");
    }
    if (length > TEXT_MAX) {
      throw GraphException.invalidParameter(
          "Param text['body'] must be at most " + TEXT_MAX + " characters long (got " + length + ").");
    }
    return Content.text("text", text.body(), replyTo);
  }

  private ValidSend template(SendRequest r, Addressee to, String replyTo) {
    SendRequest.Template t = r.template();
    if (t == null) {
      throw GraphException.missingParameter("The parameter template is required.");
    }
    if (t.name() == null || t.name().isBlank()) {
      throw GraphException.missingParameter("The parameter template['name'] is required.");
    }
    if (t.language() == null || t.language().code() == null || t.language().code().isBlank()) {
      throw GraphException.missingParameter("The parameter template['language']['code'] is required.");
    }
    SimTemplate template = templates.find(t.name(), t.language().code())
        .orElseThrow(() -> GraphException.templateMissing(t.name(), t.language().code()));
    switch (template.status()) {
      case APPROVED -> { }
      case PAUSED -> throw GraphException.templatePaused(template.name());
      case DISABLED -> throw GraphException.templateDisabled(template.name());
      default -> throw GraphException.templateMissing(t.name(), t.language().code());
    }
    // Every authentication template has a one-tap, zero-tap or copy-code button; those need a phone number.
    if (!to.isPhone() && template.category() == SimulatorProperties.TemplateCategory.AUTHENTICATION) {
      throw GraphException.bsuidRecipientNotSupported("Authentication template " + template.name()
          + " can only be sent to a phone number (to), not to a business-scoped user ID (recipient).");
    }
    List<SendRequest.Component> components = t.components() == null ? List.of() : t.components();
    for (SendRequest.Component c : components) {
      if (c == null || c.type() == null) {
        throw GraphException.missingParameter("The parameter template['components'][]['type'] is required.");
      }
    }
    StringBuilder shown = new StringBuilder();
    Content.Attachment headerMedia = header(template, parameters(components, "header"), shown);
    String body = fill("body", template.body(), parameters(components, "body"), template.named());
    if (length(body) > TEMPLATE_BODY_MAX) {
      throw GraphException.templateTextTooLong(
          "body: the filled-in text is " + length(body) + " characters long; at most " + TEMPLATE_BODY_MAX + " are allowed.");
    }
    shown.append(body);
    if (template.footer() != null) {
      shown.append("\n\n").append(template.footer());
    }
    Content.Choices choices = buttons(template, components, shown);
    Content content = new Content("template", shown.toString(), headerMedia, null, choices, template.name(), replyTo);
    return new ValidSend(to, content, template, null);
  }

  /** Checks the header's parameters and appends its text to {@code shown}; a media header's file is returned. */
  private static Content.Attachment header(SimTemplate template, List<SendRequest.Parameter> parameters,
      StringBuilder shown) {
    String format = template.headerFormat();
    if (format == null || format.equals("TEXT")) {
      String text = format == null ? null : template.headerText();
      if (text == null) {
        checkCount("header", parameters.size(), 0);
        return null;
      }
      String filled = fill("header", text, parameters, template.named());
      if (length(filled) > TEMPLATE_HEADER_MAX) {
        throw GraphException.templateTextTooLong("header: the filled-in text is " + length(filled)
            + " characters long; at most " + TEMPLATE_HEADER_MAX + " are allowed.");
      }
      shown.append(filled).append("\n\n");
      return null;
    }
    checkCount("header", parameters.size(), 1);
    SendRequest.Parameter p = parameters.get(0);
    String expected = format.toLowerCase(Locale.ROOT);
    if (p.type() == null || !p.type().equalsIgnoreCase(expected)) {
      throw GraphException.templateFormatMismatch("header: expected a parameter of type " + expected + ", got "
          + (p.type() == null ? "none" : p.type().toLowerCase(Locale.ROOT)) + ".");
    }
    if (format.equals("LOCATION")) {
      SendRequest.Location l = p.location();
      if (l == null || l.latitude() == null || l.longitude() == null) {
        throw GraphException.missingParameter("The parameter header location['latitude'] and ['longitude'] are required.");
      }
      shown.append("📍 ").append(l.name() == null ? l.latitude() + ", " + l.longitude() : l.name()).append("\n\n");
      return null;
    }
    SendRequest.Media m = switch (format) {
      case "IMAGE" -> p.image();
      case "VIDEO" -> p.video();
      default -> p.document();
    };
    boolean hasId = m != null && m.id() != null && !m.id().isBlank();
    boolean hasLink = m != null && m.link() != null && !m.link().isBlank();
    if (hasId == hasLink) {
      throw GraphException.missingParameter("The header's " + expected + " needs either an id or a link.");
    }
    return new Content.Attachment(hasId ? m.id() : null, hasLink ? m.link() : null, null, m.filename());
  }

  /**
   * Fills a component's text with its parameters: positional ones in order, named ones by {@code parameter_name}.
   * Count (132000), kind (132012) and content (131008, 132018) are checked as the Cloud API does.
   */
  private static String fill(String component, String text, List<SendRequest.Parameter> parameters, boolean named) {
    List<String> variables = TemplateCatalog.variables(text);
    checkCount(component, parameters.size(), variables.size());
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      SendRequest.Parameter p = parameters.get(i);
      String value = textOf(component, p);
      if (named) {
        if (p.parameterName() == null || p.parameterName().isBlank()) {
          throw GraphException.templateFormatMismatch(component + ": the template has named parameters; parameter "
              + (i + 1) + " has no parameter_name.");
        }
        if (!variables.contains(p.parameterName()) || values.containsKey(p.parameterName())) {
          throw GraphException.templateParamCountMismatch(component + ": parameter_name '" + p.parameterName()
              + "' is not one of the template's parameters " + variables + " or is given twice.");
        }
        values.put(p.parameterName(), value);
      } else {
        values.put(String.valueOf(i + 1), value);
      }
    }
    return TemplateCatalog.fill(text, values::get);
  }

  /** The text a parameter puts in: text, or the fallback value of a currency or date. */
  private static String textOf(String component, SendRequest.Parameter p) {
    String type = p.type().toLowerCase(Locale.ROOT);
    String value = switch (type) {
      case "text" -> p.text();
      case "currency" -> p.currency() == null ? null : p.currency().fallbackValue();
      case "date_time" -> p.dateTime() == null ? null : p.dateTime().fallbackValue();
      default -> throw GraphException.templateFormatMismatch(component + ": parameters of type " + type
          + " are not text; the template expects text here.");
    };
    if (value == null || value.isBlank()) {
      throw GraphException.missingParameter("Parameter " + (type.equals("text") ? "text" : "fallback_value")
          + " is required for " + component + " parameters of type " + type + ".");
    }
    if (value.contains("\n") || value.contains("\t") || value.contains("     ")) {
      throw GraphException.templateParameterInvalid(
          component + ": Param text cannot have new-line/tab characters or more than 4 consecutive spaces");
    }
    return value;
  }

  private static List<SendRequest.Parameter> parameters(List<SendRequest.Component> components, String type) {
    List<SendRequest.Parameter> values = new ArrayList<>();
    for (SendRequest.Component c : components) {
      if (!c.type().equalsIgnoreCase(type) || c.parameters() == null) {
        continue;
      }
      for (SendRequest.Parameter p : c.parameters()) {
        if (p == null || p.type() == null) {
          throw GraphException.missingParameter("The parameter " + type + "['parameters'][]['type'] is required.");
        }
        values.add(p);
      }
    }
    return values;
  }

  private static void checkCount(String component, int given, int expected) {
    if (given != expected) {
      throw GraphException.templateParamCountMismatch(component + ": number of localizable_params (" + given
          + ") does not match the expected number of params (" + expected + ")");
    }
  }

  /**
   * The template's buttons: quick replies become the choices the customer can tap (a button component's payload, by
   * the button's index, is what comes back); a URL button's {{1}} takes its button component's text; URL and phone
   * buttons are shown under the text.
   */
  private static Content.Choices buttons(SimTemplate template, List<SendRequest.Component> components, StringBuilder shown) {
    List<Wire.TemplateButton> buttons = template.buttons();
    for (SendRequest.Component c : components) {
      if (!c.type().equalsIgnoreCase("button")) {
        continue;
      }
      int index = buttonIndex(c);
      if (index < 0 || index >= buttons.size()) {
        throw GraphException.templateParamCountMismatch("button at index " + c.index() + ": the template has "
            + buttons.size() + " buttons");
      }
    }
    List<Content.Choice> options = new ArrayList<>();
    for (int i = 0; i < buttons.size(); i++) {
      Wire.TemplateButton b = buttons.get(i);
      List<SendRequest.Parameter> params = buttonParameters(components, i);
      switch (b.type()) {
        case "QUICK_REPLY" -> options.add(new Content.Choice(params.stream().map(SendRequest.Parameter::payload)
            .filter(p -> p != null).findFirst().orElse(b.text()), b.text(), null));
        case "URL" -> {
          String url = b.url();
          if (url.contains("{{1}}")) {
            checkCount("button at index " + i, params.size(), 1);
            url = url.replace("{{1}}", textOf("button at index " + i, params.get(0)));
          }
          shown.append("\n\n🔗 ").append(b.text()).append(": ").append(url);
        }
        default -> shown.append("\n\n📞 ").append(b.text()).append(": ").append(b.phoneNumber());
      }
    }
    return options.isEmpty() ? null : new Content.Choices("quick_reply", null, options);
  }

  private static int buttonIndex(SendRequest.Component c) {
    try {
      return Integer.parseInt(c.index() == null ? "-1" : c.index().trim());
    } catch (NumberFormatException e) {
      throw GraphException.invalidParameter("Param button['index'] must be a number - got \"" + c.index() + "\".");
    }
  }

  private static List<SendRequest.Parameter> buttonParameters(List<SendRequest.Component> components, int index) {
    return components.stream()
        .filter(c -> c.type().equalsIgnoreCase("button") && buttonIndex(c) == index && c.parameters() != null)
        .flatMap(c -> c.parameters().stream())
        .filter(p -> p != null)
        .toList();
  }

  private ValidSend media(SendRequest r, Addressee to, String type, String replyTo) {
    SendRequest.Media m = switch (type) {
      case "image" -> r.image();
      case "audio" -> r.audio();
      case "video" -> r.video();
      case "document" -> r.document();
      default -> r.sticker();
    };
    if (m == null) {
      throw GraphException.missingParameter("The parameter " + type + " is required.");
    }
    boolean hasId = m.id() != null && !m.id().isBlank();
    boolean hasLink = m.link() != null && !m.link().isBlank();
    if (!hasId && !hasLink) {
      throw GraphException.missingParameter("The parameter " + type + "['id'] or " + type + "['link'] is required.");
    }
    if (hasId && hasLink) {
      throw GraphException.invalidParameter("Param " + type + " must have either id or link, not both.");
    }
    if (hasLink && !m.link().matches("(?i)https?://\\S+")) {
      throw GraphException.invalidValue("Param " + type + "['link'] is not a valid http(s) URL.");
    }
    if (m.caption() != null && length(m.caption()) > CAPTION_MAX) {
      throw GraphException.invalidParameter(
          "Param " + type + "['caption'] must be at most " + CAPTION_MAX + " characters long.");
    }
    String mimeType = null;
    String unknown = null;
    if (hasId) {
      Optional<MediaStore.StoredMedia> stored = media.get(m.id());
      mimeType = stored.map(MediaStore.StoredMedia::mimeType).orElse(null);
      unknown = stored.isPresent() ? null : m.id();
    }
    String filename = m.filename() != null ? m.filename() : null;
    Content content = new Content(type, m.caption(),
        new Content.Attachment(hasId ? m.id() : null, hasLink ? m.link() : null, mimeType, filename),
        null, null, null, replyTo);
    return new ValidSend(to, content, null, unknown);
  }

  private static Content location(SendRequest.Location l, String replyTo) {
    if (l == null) {
      throw GraphException.missingParameter("The parameter location is required.");
    }
    if (l.latitude() == null || l.longitude() == null) {
      throw GraphException.missingParameter("The parameters location['latitude'] and location['longitude'] are required.");
    }
    if (Math.abs(l.latitude()) > 90 || Math.abs(l.longitude()) > 180) {
      throw GraphException.invalidValue("Param location has a latitude or longitude out of range.");
    }
    return new Content("location", l.name(), null,
        new Content.Place(l.latitude(), l.longitude(), l.name(), l.address()), null, null, replyTo);
  }

  private static Content interactive(SendRequest.Interactive i, String replyTo) {
    if (i == null) {
      throw GraphException.missingParameter("The parameter interactive is required.");
    }
    if (i.type() == null) {
      throw GraphException.missingParameter("The parameter interactive['type'] is required.");
    }
    String type = i.type().toLowerCase(Locale.ROOT);
    if (!INTERACTIVE_TYPES.contains(type)) {
      throw GraphException.invalidParameter("Param interactive['type'] must be one of {"
          + String.join(", ", INTERACTIVE_TYPES).toUpperCase(Locale.ROOT) + "} - got \"" + i.type() + "\".");
    }
    boolean bodyRequired = type.equals("button") || type.equals("list") || type.equals("cta_url");
    if (bodyRequired && (i.body() == null || i.body().text() == null || i.body().text().isBlank())) {
      throw GraphException.missingParameter("The parameter interactive['body']['text'] is required.");
    }
    String body = i.body() == null ? null : i.body().text();
    if (body != null && length(body) > TEXT_MAX) {
      throw GraphException.invalidParameter("Param interactive['body']['text'] must be at most " + TEXT_MAX
          + " characters long.");
    }
    if (type.equals("button") && length(body) > 1024) {
      throw GraphException.invalidParameter("Param interactive['body']['text'] must be at most 1024 characters long.");
    }
    if (i.header() != null && i.header().text() != null && length(i.header().text()) > 60) {
      throw GraphException.invalidParameter("Param interactive['header']['text'] must be at most 60 characters long.");
    }
    if (i.footer() != null && i.footer().text() != null && length(i.footer().text()) > 60) {
      throw GraphException.invalidParameter("Param interactive['footer']['text'] must be at most 60 characters long.");
    }
    Content.Choices choices = switch (type) {
      case "button" -> buttons(i.action());
      case "list" -> list(i.action());
      default -> null;
    };
    StringBuilder shown = new StringBuilder();
    if (i.header() != null && i.header().text() != null) {
      shown.append(i.header().text()).append("\n\n");
    }
    shown.append(body == null ? "[" + type + "]" : body);
    if (i.footer() != null && i.footer().text() != null) {
      shown.append("\n\n").append(i.footer().text());
    }
    return new Content("interactive", shown.toString(), null, null, choices, null, replyTo);
  }

  private static Content.Choices buttons(SendRequest.Action action) {
    if (action == null || action.buttons() == null || action.buttons().isEmpty()) {
      throw GraphException.missingParameter("The parameter interactive['action']['buttons'] is required.");
    }
    if (action.buttons().size() > 3) {
      throw GraphException.invalidValue("Param interactive['action']['buttons'] must contain at most 3 buttons (got "
          + action.buttons().size() + ").");
    }
    Set<String> ids = new HashSet<>();
    Set<String> titles = new HashSet<>();
    List<Content.Choice> options = new ArrayList<>();
    for (SendRequest.Button b : action.buttons()) {
      if (b == null || b.reply() == null || b.reply().id() == null || b.reply().title() == null) {
        throw GraphException.missingParameter("Each button needs reply['id'] and reply['title'].");
      }
      if (b.type() != null && !"reply".equalsIgnoreCase(b.type())) {
        throw GraphException.invalidParameter("Param interactive['action']['buttons'][]['type'] must be one of {REPLY}"
            + " - got \"" + b.type() + "\".");
      }
      if (length(b.reply().title()) > 20 || b.reply().title().isBlank()) {
        throw GraphException.invalidValue("Button title \"" + b.reply().title() + "\" must be 1 to 20 characters long.");
      }
      if (length(b.reply().id()) > 256 || b.reply().id().isBlank()) {
        throw GraphException.invalidValue("Button id must be 1 to 256 characters long.");
      }
      if (!ids.add(b.reply().id()) || !titles.add(b.reply().title())) {
        throw GraphException.invalidValue("Buttons must have unique ids and titles (\"" + b.reply().title() + "\").");
      }
      options.add(new Content.Choice(b.reply().id(), b.reply().title(), null));
    }
    return new Content.Choices("button", null, options);
  }

  private static Content.Choices list(SendRequest.Action action) {
    if (action == null || action.button() == null || action.button().isBlank()) {
      throw GraphException.missingParameter("The parameter interactive['action']['button'] is required.");
    }
    if (length(action.button()) > 20) {
      throw GraphException.invalidValue("List button label must be at most 20 characters long.");
    }
    if (action.sections() == null || action.sections().isEmpty()) {
      throw GraphException.missingParameter("The parameter interactive['action']['sections'] is required.");
    }
    if (action.sections().size() > 10) {
      throw GraphException.invalidValue("A list may have at most 10 sections (got " + action.sections().size() + ").");
    }
    Set<String> ids = new HashSet<>();
    List<Content.Choice> options = new ArrayList<>();
    for (SendRequest.Section s : action.sections()) {
      if (s == null || s.rows() == null || s.rows().isEmpty()) {
        throw GraphException.missingParameter("Each list section needs at least one row.");
      }
      if (action.sections().size() > 1 && (s.title() == null || s.title().isBlank())) {
        throw GraphException.missingParameter("Section titles are required when a list has more than one section.");
      }
      if (s.title() != null && length(s.title()) > 24) {
        throw GraphException.invalidValue("Section title \"" + s.title() + "\" must be at most 24 characters long.");
      }
      for (SendRequest.Row row : s.rows()) {
        if (row == null || row.id() == null || row.title() == null) {
          throw GraphException.missingParameter("Each list row needs id and title.");
        }
        if (length(row.title()) > 24 || row.title().isBlank()) {
          throw GraphException.invalidValue("Row title \"" + row.title() + "\" must be 1 to 24 characters long.");
        }
        if (length(row.id()) > 200 || row.id().isBlank()) {
          throw GraphException.invalidValue("Row id must be 1 to 200 characters long.");
        }
        if (row.description() != null && length(row.description()) > 72) {
          throw GraphException.invalidValue("Row description must be at most 72 characters long.");
        }
        if (!ids.add(row.id())) {
          throw GraphException.invalidValue("Row ids must be unique (\"" + row.id() + "\").");
        }
        options.add(new Content.Choice(row.id(), row.title(), row.description()));
      }
    }
    if (options.size() > 10) {
      throw GraphException.invalidValue("A list may have at most 10 rows in total (got " + options.size() + ").");
    }
    return new Content.Choices("list", action.button(), options);
  }

  private static Content reaction(SendRequest.Reaction reaction) {
    if (reaction == null) {
      throw GraphException.missingParameter("The parameter reaction is required.");
    }
    if (reaction.messageId() == null || reaction.messageId().isBlank()) {
      throw GraphException.missingParameter("The parameter reaction['message_id'] is required.");
    }
    return Content.text("reaction", reaction.emoji() == null ? "" : reaction.emoji(), reaction.messageId());
  }

  private static Content contacts(List<SendRequest.ContactCard> cards, String replyTo) {
    if (cards == null || cards.isEmpty()) {
      throw GraphException.missingParameter("The parameter contacts is required.");
    }
    List<String> lines = new ArrayList<>();
    for (SendRequest.ContactCard card : cards) {
      if (card == null || card.name() == null || card.name().formattedName() == null) {
        throw GraphException.missingParameter("The parameter contacts[]['name']['formatted_name'] is required.");
      }
      String phones = card.phones() == null ? "" : card.phones().stream()
          .filter(p -> p != null && p.phone() != null).map(SendRequest.ContactPhone::phone)
          .reduce((a, b) -> a + ", " + b).map(p -> " (" + p + ")").orElse("");
      lines.add(card.name().formattedName() + phones);
    }
    return Content.text("contacts", String.join("\n", lines), replyTo);
  }

  /** Length in characters as a person counts them (code points). */
  static int length(String s) {
    return s == null ? 0 : s.codePointCount(0, s.length());
  }
}
