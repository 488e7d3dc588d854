package io.atende.whatsapp;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A message to send through the Cloud API: the recipient (a {@code wa_id} or E.164 number, or the
 * business-scoped user id of a customer who hides the number behind a WhatsApp username), the typed
 * content and, optionally, the WhatsApp id of the message it answers (shown quoted). Each content
 * record serializes with {@link GraphJson} exactly as the object Meta expects under the message's
 * type key ({@code "text":{...}}, {@code "template":{...}}, {@code "image":{...}}...). Invalid
 * content (too long, too many buttons, a caption on audio) is refused when it is built.
 */
public record OutboundMessage(String to, Content content, String replyTo, String callbackData) {

  public OutboundMessage {
    if (to == null || to.isBlank()) {
      throw new IllegalArgumentException("The recipient ('to') is missing");
    }
    Objects.requireNonNull(content, "content");
  }

  public OutboundMessage(String to, Content content) {
    this(to, content, null, null);
  }

  public OutboundMessage(String to, Content content, String replyTo) {
    this(to, content, replyTo, null);
  }

  /**
   * The same message carrying our send key as Meta's {@code biz_opaque_callback_data}, which Meta echoes in every status
   * webhook of the message: a send whose answer was lost is recognised by it (at most 512 characters).
   */
  public OutboundMessage withCallbackData(String data) {
    return new OutboundMessage(to, content, replyTo, data == null || data.length() <= 512 ? data : null);
  }

  /** Whether the recipient is a business-scoped user id: it goes in the request's {@code recipient}, not {@code to}. */
  @JsonIgnore
  public boolean toBusinessScopedUserId() {
    return BusinessScopedUserId.matches(to);
  }

  /** What a message carries; the implementations are the Cloud API's message types. */
  public sealed interface Content permits Text, Template, Media, Interactive, Reaction {

    /** The Cloud API type, which is also the JSON key the content goes under. */
    MessageType messageType();
  }

  // ---------------------------------------------------------------- text

  /** {@code text{body, preview_url}}: up to 4096 characters; a preview is shown for the first URL if asked. */
  public record Text(String body, Boolean previewUrl) implements Content {

    public Text {
      MediaRules.checkText(body);
    }

    /** A text with a link preview when it contains an http(s) URL. */
    public static Text of(String body) {
      return new Text(body, body != null && (body.contains("https://") || body.contains("http://")));
    }

    @Override
    public MessageType messageType() {
      return MessageType.TEXT;
    }
  }

  // ---------------------------------------------------------------- template

  /** {@code template{name, language{code}, components[]}}: an approved message template with its parameters. */
  public record Template(String name, Language language, List<Component> components) implements Content {

    public Template {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("The template name is missing");
      }
      if (language == null || language.code() == null || language.code().isBlank()) {
        throw new IllegalArgumentException("The template language code is missing (e.g. pt_BR)");
      }
      components = components == null || components.isEmpty() ? null : List.copyOf(components);
    }

    public static Template of(String name, String languageCode, List<Component> components) {
      return new Template(name, new Language(languageCode), components);
    }

    @Override
    public MessageType messageType() {
      return MessageType.TEMPLATE;
    }

    public record Language(String code) {}

    /**
     * {@code {type: header|body|button, sub_type?: quick_reply|url, index?: "0", parameters[]}}.
     */
    public record Component(String type, String subType, String index, List<Parameter> parameters) {

      public static Component header(List<Parameter> parameters) {
        return new Component("header", null, null, List.copyOf(parameters));
      }

      public static Component body(List<Parameter> parameters) {
        return new Component("body", null, null, List.copyOf(parameters));
      }

      /** A quick-reply button's payload or a URL button's dynamic suffix, by the button's position. */
      public static Component button(String subType, int index, Parameter parameter) {
        if (!"quick_reply".equals(subType) && !"url".equals(subType)) {
          throw new IllegalArgumentException("A template button parameter is for a 'quick_reply' or 'url' button; got '" + subType + "'");
        }
        return new Component("button", subType, String.valueOf(index), List.of(parameter));
      }
    }

    /**
     * One parameter: {@code {type:"text", text}}, {@code currency{fallback_value, code, amount_1000}},
     * {@code date_time{fallback_value}}, {@code image|document|video{id|link}} or {@code {type:"payload", payload}}.
     */
    public record Parameter(
        String type,
        String parameterName,
        String text,
        Currency currency,
        DateTime dateTime,
        MediaRef image,
        MediaRef document,
        MediaRef video,
        String payload) {

      public static Parameter text(String text) {
        if (text == null || text.isBlank()) {
          throw new IllegalArgumentException("A template text parameter is empty; every variable must be filled");
        }
        return new Parameter("text", null, text, null, null, null, null, null, null);
      }

      /** A text parameter of a template with named parameters ({@code parameter_format} NAMED). */
      public static Parameter namedText(String parameterName, String text) {
        if (parameterName == null || parameterName.isBlank()) {
          throw new IllegalArgumentException("A named template parameter needs its parameter name");
        }
        return new Parameter("text", parameterName, text(text).text(), null, null, null, null, null, null);
      }

      public static Parameter currency(String fallbackValue, String code, long amount1000) {
        return new Parameter("currency", null, null, new Currency(fallbackValue, code, amount1000), null, null, null, null,
            null);
      }

      public static Parameter dateTime(String fallbackValue) {
        return new Parameter("date_time", null, null, null, new DateTime(fallbackValue), null, null, null, null);
      }

      public static Parameter image(MediaRef media) {
        return new Parameter("image", null, null, null, null, media, null, null, null);
      }

      public static Parameter document(MediaRef media) {
        return new Parameter("document", null, null, null, null, null, media, null, null);
      }

      public static Parameter video(MediaRef media) {
        return new Parameter("video", null, null, null, null, null, null, media, null);
      }

      public static Parameter payload(String payload) {
        return new Parameter("payload", null, null, null, null, null, null, null, payload);
      }
    }

    public record Currency(String fallbackValue, String code, @JsonProperty("amount_1000") Long amount1000) {}

    public record DateTime(String fallbackValue) {}
  }

  /** A media object by uploaded id or by public link (template header parameters, interactive headers). */
  public record MediaRef(String id, String link) {

    public MediaRef {
      if ((id == null || id.isBlank()) == (link == null || link.isBlank())) {
        throw new MediaRejectedException("Give the media either by id (uploaded) or by link, not both or neither");
      }
    }

    public static MediaRef id(String id) {
      return new MediaRef(id, null);
    }

    public static MediaRef link(String link) {
      return new MediaRef(null, link);
    }
  }

  // ---------------------------------------------------------------- media

  /**
   * {@code image|audio|video|document|sticker{id | link, caption?, filename?}}: a caption (up to 1024
   * characters) only on image, video and document, a file name only on a document.
   */
  public record Media(@JsonIgnore MessageType type, String id, String link, String caption, String filename) implements Content {

    public Media {
      MediaRules.rule(type);
      if ((id == null || id.isBlank()) == (link == null || link.isBlank())) {
        throw new MediaRejectedException("Give the " + type.apiName() + " either by media id (uploaded) or by link, not both or neither");
      }
      if (link != null && !link.startsWith("https://") && !link.startsWith("http://")) {
        throw new MediaRejectedException("The " + type.apiName() + " link must be an http(s) URL");
      }
      MediaRules.checkCaption(type, caption);
      if (filename != null && type != MessageType.DOCUMENT) {
        throw new MediaRejectedException("Only a document has a file name; got one for " + MediaRules.a(type));
      }
    }

    public static Media byId(MessageType type, String mediaId) {
      return new Media(type, mediaId, null, null, null);
    }

    public static Media byLink(MessageType type, String link) {
      return new Media(type, null, link, null, null);
    }

    public Media withCaption(String caption) {
      return new Media(type, id, link, caption, filename);
    }

    public Media withFilename(String filename) {
      return new Media(type, id, link, caption, filename);
    }

    @Override
    public MessageType messageType() {
      return type;
    }
  }

  // ---------------------------------------------------------------- interactive

  /**
   * {@code interactive{type: button|list, header?, body{text}, footer?{text}, action}}: up to three
   * reply buttons, or a list of up to ten rows in up to ten sections behind one button.
   */
  public record Interactive(String type, Header header, Body body, Footer footer, Action action) implements Content {

    static final int MAX_BUTTONS = 3;
    static final int MAX_ROWS = 10;
    static final int MAX_SECTIONS = 10;

    public Interactive {
      if (body == null || body.text() == null || body.text().isBlank()) {
        throw new IllegalArgumentException("An interactive message needs a body text");
      }
      if (footer != null) {
        maxLength("footer", footer.text(), 60);
      }
      if (action == null) {
        throw new IllegalArgumentException("An interactive message needs an action");
      }
      switch (type == null ? "" : type) {
        case "button" -> checkButtons(body, header, action);
        case "list" -> checkList(body, header, action);
        default -> throw new IllegalArgumentException("Interactive type must be 'button' or 'list'; got '" + type + "'");
      }
    }

    /** A message with up to three reply buttons. */
    public static Interactive buttons(String body, List<Reply> replies) {
      return new Interactive("button", null, new Body(body), null,
          new Action(replies == null ? List.of() : replies.stream().map(r -> new Button("reply", r)).toList(), null, null));
    }

    /** A list message: {@code buttonLabel} opens the list. */
    public static Interactive list(String body, String buttonLabel, List<Section> sections) {
      return new Interactive("list", null, new Body(body), null, new Action(null, buttonLabel, sections));
    }

    public Interactive withHeaderText(String text) {
      return new Interactive(type, Header.text(text), body, footer, action);
    }

    public Interactive withFooter(String text) {
      return new Interactive(type, header, body, new Footer(text), action);
    }

    @Override
    public MessageType messageType() {
      return MessageType.INTERACTIVE;
    }

    private static void checkButtons(Body body, Header header, Action action) {
      maxLength("button message body", body.text(), 1024);
      if (header != null && "text".equals(header.type())) {
        maxLength("header", header.text(), 60);
      }
      List<Button> buttons = action.buttons() == null ? List.of() : action.buttons();
      if (buttons.isEmpty() || buttons.size() > MAX_BUTTONS) {
        throw new IllegalArgumentException("A button message has 1 to " + MAX_BUTTONS + " reply buttons; got " + buttons.size());
      }
      Set<String> ids = new HashSet<>();
      Set<String> titles = new HashSet<>();
      for (Button b : buttons) {
        Reply r = b.reply();
        if (r == null || r.id() == null || r.id().isBlank() || r.title() == null || r.title().isBlank()) {
          throw new IllegalArgumentException("Each reply button needs an id and a title");
        }
        maxLength("button id", r.id(), 256);
        maxLength("button title", r.title(), 20);
        if (!ids.add(r.id()) || !titles.add(r.title())) {
          throw new IllegalArgumentException("Reply button ids and titles must be unique; '" + r.title() + "' repeats");
        }
      }
    }

    private static void checkList(Body body, Header header, Action action) {
      maxLength("list message body", body.text(), 4096);
      if (header != null) {
        if (!"text".equals(header.type())) {
          throw new IllegalArgumentException("A list message header can only be text");
        }
        maxLength("header", header.text(), 60);
      }
      if (action.button() == null || action.button().isBlank()) {
        throw new IllegalArgumentException("A list message needs the label of the button that opens it");
      }
      maxLength("list button label", action.button(), 20);
      List<Section> sections = action.sections() == null ? List.of() : action.sections();
      if (sections.isEmpty() || sections.size() > MAX_SECTIONS) {
        throw new IllegalArgumentException("A list message has 1 to " + MAX_SECTIONS + " sections; got " + sections.size());
      }
      int rows = 0;
      Set<String> ids = new HashSet<>();
      for (Section s : sections) {
        if (sections.size() > 1 && (s.title() == null || s.title().isBlank())) {
          throw new IllegalArgumentException("With more than one section every section needs a title");
        }
        maxLength("section title", s.title(), 24);
        if (s.rows() == null || s.rows().isEmpty()) {
          throw new IllegalArgumentException("Each list section needs at least one row");
        }
        for (Row r : s.rows()) {
          if (r.id() == null || r.id().isBlank() || r.title() == null || r.title().isBlank()) {
            throw new IllegalArgumentException("Each list row needs an id and a title");
          }
          maxLength("row id", r.id(), 200);
          maxLength("row title", r.title(), 24);
          maxLength("row description", r.description(), 72);
          if (!ids.add(r.id())) {
            throw new IllegalArgumentException("List row ids must be unique; '" + r.id() + "' repeats");
          }
          rows++;
        }
      }
      if (rows > MAX_ROWS) {
        throw new IllegalArgumentException("A list message has at most " + MAX_ROWS + " rows in all sections; got " + rows);
      }
    }

    private static void maxLength(String what, String value, int max) {
      if (value != null && value.length() > max) {
        throw new IllegalArgumentException("The " + what + " has " + value.length() + " characters; at most " + max + " are allowed");
      }
    }

    /** {@code {type: text|image|video|document, text? | image|video|document{id|link}}}. */
    public record Header(String type, String text, MediaRef image, MediaRef video, MediaRef document) {

      public static Header text(String text) {
        return new Header("text", text, null, null, null);
      }

      public static Header image(MediaRef media) {
        return new Header("image", null, media, null, null);
      }

      public static Header video(MediaRef media) {
        return new Header("video", null, null, media, null);
      }

      public static Header document(MediaRef media) {
        return new Header("document", null, null, null, media);
      }
    }

    public record Body(String text) {}

    public record Footer(String text) {}

    /** {@code {buttons[]}} for a button message, {@code {button, sections[]}} for a list. */
    public record Action(List<Button> buttons, String button, List<Section> sections) {}

    public record Button(String type, Reply reply) {}

    public record Reply(String id, String title) {}

    public record Section(String title, List<Row> rows) {}

    public record Row(String id, String title, String description) {}
  }

  // ---------------------------------------------------------------- reaction

  /** {@code reaction{message_id, emoji}}; an empty emoji removes the reaction. */
  public record Reaction(String messageId, String emoji) implements Content {

    public Reaction {
      if (messageId == null || messageId.isBlank()) {
        throw new IllegalArgumentException("A reaction needs the id of the message it reacts to");
      }
      emoji = emoji == null ? "" : emoji;
    }

    @Override
    public MessageType messageType() {
      return MessageType.REACTION;
    }
  }
}
