package io.atende.simulator;

import io.atende.whatsapp.WhatsAppProperties;
import io.atende.whatsapp.WhatsAppProperties.BusinessNumber;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The customers' phones: a customer writes to a business number, the simulator records it (opening
 * the 24-hour window) and notifies the webhook with the notification Meta would send.
 */
final class CustomerSide {

  static final String DEFAULT_NAME = "Cliente";
  private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(1);

  /** A customer request that cannot be carried out; answered 400 (or 404) with the reason. */
  static final class CustomerRequestException extends RuntimeException {
    private final int httpStatus;

    CustomerRequestException(int httpStatus, String message) {
      super(message);
      this.httpStatus = httpStatus;
    }

    int httpStatus() {
      return httpStatus;
    }
  }

  /**
   * What a customer sends (JSON of {@code POST /simulator/api/customers/{id}/messages}, where the id is
   * a phone number or, for a username customer, a BSUID); exactly one of text, location, buttonReply,
   * listReply, quickReply and reaction.
   *
   * @param name the customer's profile name (remembered; "Cliente" if never given)
   * @param username a username customer's username (remembered; derived from the name if never given);
   *     a phone customer has none
   * @param phoneNumberId the business number written to (default: the first configured one)
   * @param text a text message
   * @param location a shared location
   * @param buttonReply a tap on an interactive reply button ({@code id}, {@code title})
   * @param listReply a pick from an interactive list ({@code id}, {@code title}, {@code description})
   * @param quickReply a tap on a template quick-reply button ({@code payload}, {@code text})
   * @param reaction an emoji reaction to a message ({@code messageId}, {@code emoji}; empty removes)
   * @param replyTo the wamid this message replies to (optional for replies: the latest message
   *     offering that option is used)
   * @param sentAt when the customer sent it (ISO-8601; default now), to simulate older messages
   */
  record MessageRequest(
      String name,
      String username,
      String phoneNumberId,
      String text,
      LocationRequest location,
      ReplyRequest buttonReply,
      ReplyRequest listReply,
      QuickReplyRequest quickReply,
      ReactionRequest reaction,
      String replyTo,
      Instant sentAt) {}

  record LocationRequest(Double latitude, Double longitude, String name, String address) {}

  record ReplyRequest(String id, String title, String description) {}

  record QuickReplyRequest(String payload, String text) {}

  record ReactionRequest(String messageId, String emoji) {}

  /** A file the customer sends (multipart form of the same endpoint). */
  record FileRequest(String name, String username, String phoneNumberId, byte[] bytes, String mimeType,
      String filename, String caption, String replyTo) {}

  private final SimulatorProperties properties;
  private final WhatsAppProperties whatsApp;
  private final ChatStore chats;
  private final MediaStore media;
  private final WebhookClient webhook;
  private final Clock clock;

  CustomerSide(SimulatorProperties properties, WhatsAppProperties whatsApp, ChatStore chats, MediaStore media,
      WebhookClient webhook, Clock clock) {
    this.properties = properties;
    this.whatsApp = whatsApp;
    this.chats = chats;
    this.media = media;
    this.webhook = webhook;
    this.clock = clock;
  }

  /**
   * The customer a path names: a phone number (digits with country code), or a BSUID. A BSUID names
   * the phone customer it belongs to if the simulator knows one, otherwise a username customer.
   */
  CustomerId customer(String raw) {
    String id = raw == null ? "" : raw.strip();
    if (id.matches("[A-Za-z]{2}\\..+")) {
      // Country code upper-cased as Meta writes it, so that "br.123" typed on the page works too.
      String userId = id.substring(0, 2).toUpperCase(Locale.ROOT) + id.substring(2);
      if (!CustomerId.isBsuid(userId)) {
        throw new CustomerRequestException(400, "A BSUID is a country code, a period and up to 128 letters and digits,"
            + " e.g. BR.1502576394655843");
      }
      return chats.customerByUserId(userId);
    }
    String digits = id.replaceAll("[\\s+()\\-.]", "");
    if (!digits.matches("\\d{8,15}")) {
      throw new CustomerRequestException(400, "The customer's number must have 8 to 15 digits including the country"
          + " code, e.g. 5511988887777; a customer with a username is named by the BSUID, e.g. BR.1502576394655843");
    }
    return CustomerId.phone(digits);
  }

  ChatMessage send(String rawId, MessageRequest request) {
    CustomerId customer = customer(rawId);
    String key = customer.key();
    checkUsername(customer, request.username());
    BusinessNumber number = businessNumber(request.phoneNumberId());
    Instant at = sentAt(request.sentAt());
    int kinds = count(request.text() != null, request.location() != null, request.buttonReply() != null,
        request.listReply() != null, request.quickReply() != null, request.reaction() != null);
    if (kinds != 1) {
      throw new CustomerRequestException(400, "Send exactly one of text, location, buttonReply, listReply, quickReply,"
          + " reaction (got " + kinds + ")");
    }
    String id = Ids.wamid(key, true);
    Wire.Context context = null;
    Content content;
    Wire.InboundMessage message;
    String ts = BusinessSide.epochSeconds(at);
    if (request.text() != null) {
      if (request.text().isBlank() || SendValidator.length(request.text()) > SendValidator.TEXT_MAX) {
        throw new CustomerRequestException(400, "text must have 1 to " + SendValidator.TEXT_MAX + " characters");
      }
      context = quoted(customer, number, request.replyTo());
      content = Content.text("text", request.text(), request.replyTo());
      message = new Wire.InboundMessage(context, customer.waId(), customer.userId(), id, ts,
          new Wire.Text(request.text()), null, null, null, null, null, null, null, null, null, null, "text");
    } else if (request.location() != null) {
      LocationRequest l = request.location();
      if (l.latitude() == null || l.longitude() == null || Math.abs(l.latitude()) > 90 || Math.abs(l.longitude()) > 180) {
        throw new CustomerRequestException(400, "location needs latitude (-90..90) and longitude (-180..180)");
      }
      content = new Content("location", l.name(), null, new Content.Place(l.latitude(), l.longitude(), l.name(),
          l.address()), null, null, null);
      message = new Wire.InboundMessage(null, customer.waId(), customer.userId(), id, ts, null, null, null, null, null,
          null, new Wire.Location(l.latitude(), l.longitude(), l.name(), l.address()), null, null, null, null, "location");
    } else if (request.buttonReply() != null || request.listReply() != null) {
      boolean button = request.buttonReply() != null;
      ReplyRequest reply = button ? request.buttonReply() : request.listReply();
      String kind = button ? "button" : "list";
      ChatMessage offer = offering(key, number, request.replyTo(), kind, reply.id());
      Content.Choice choice = choice(offer, reply.id());
      String title = reply.title() != null ? reply.title() : choice.title();
      String description = button ? null : reply.description() != null ? reply.description() : choice.description();
      context = new Wire.Context(number.displayPhoneNumber(), offer.id());
      content = Content.text("interactive", title, offer.id());
      Wire.Reply wireReply = new Wire.Reply(reply.id(), title, description);
      message = new Wire.InboundMessage(context, customer.waId(), customer.userId(), id, ts, null, null, null, null,
          null, null, null, new Wire.Interactive(button ? "button_reply" : "list_reply", button ? wireReply : null,
              button ? null : wireReply),
          null, null, null, "interactive");
    } else if (request.quickReply() != null) {
      QuickReplyRequest quick = request.quickReply();
      ChatMessage offer = offering(key, number, request.replyTo(), "quick_reply", quick.payload());
      Content.Choice choice = choice(offer, quick.payload());
      String text = quick.text() != null ? quick.text() : choice.title();
      context = new Wire.Context(number.displayPhoneNumber(), offer.id());
      content = Content.text("button", text, offer.id());
      message = new Wire.InboundMessage(context, customer.waId(), customer.userId(), id, ts, null, null, null, null,
          null, null, null, null, new Wire.Button(quick.payload(), text), null, null, "button");
    } else {
      ReactionRequest reaction = request.reaction();
      if (reaction.messageId() == null
          || chats.find(reaction.messageId()).filter(m -> m.customerKey().equals(key)).isEmpty()) {
        throw new CustomerRequestException(400, "reaction.messageId must be a message of this chat");
      }
      String emoji = reaction.emoji() == null ? "" : reaction.emoji();
      content = Content.text("reaction", emoji, reaction.messageId());
      message = new Wire.InboundMessage(null, customer.waId(), customer.userId(), id, ts, null, null, null, null, null,
          null, null, null, null, new Wire.Reaction(reaction.messageId(), emoji.isEmpty() ? null : emoji), null, "reaction");
    }
    return deliver(customer, request.name(), request.username(), number,
        ChatMessage.inbound(id, number.phoneNumberId(), customer, at, content), message);
  }

  /** A customer moving to another phone number ({@code newWaId}); {@code phoneNumberId} picks the business number. */
  record NumberChangeRequest(String newWaId, String phoneNumberId) {}

  /** What Meta told the business: the old and new number and business-scoped user id, in the system message. */
  record NumberChange(String messageId, String from, String to, String previousUserId, String userId) {}

  /**
   * The customer changes phone number, as a person does in WhatsApp's settings: the business gets a
   * {@code user_changed_number} system message from the old number (no contacts block) with the new number and
   * the new BSUID (a number change regenerates it). The old number's chat stays as it was; the customer goes on
   * writing from the new number, which starts a chat and a 24-hour window of its own.
   */
  NumberChange changeNumber(String rawId, NumberChangeRequest request) {
    CustomerId old = customer(rawId);
    if (!old.hasPhone()) {
      throw new CustomerRequestException(400, "Only a customer who shows a phone number can change it");
    }
    if (request == null || request.newWaId() == null || request.newWaId().isBlank()) {
      throw new CustomerRequestException(400, "The body must name the new number, like {\"newWaId\":\"5511988887777\"}");
    }
    CustomerId moved = customer(request.newWaId());
    if (!moved.hasPhone() || moved.key().equals(old.key())) {
      throw new CustomerRequestException(400, "newWaId must be another phone number (country code and digits)");
    }
    if (chats.knows(moved.key())) {
      throw new CustomerRequestException(409, "The number " + moved.waId() + " already belongs to a customer of the simulator");
    }
    BusinessNumber number = businessNumber(request.phoneNumberId());
    String name = chats.name(old.key()).orElse(DEFAULT_NAME);
    String id = Ids.wamid(old.key(), true);
    Wire.SystemChange change = new Wire.SystemChange("User " + name + " changed from " + old.waId() + " to " + moved.waId(),
        moved.waId(), "user_changed_number", moved.userId(), old.userId());
    Wire.InboundMessage message = new Wire.InboundMessage(null, old.waId(), null, id, BusinessSide.epochSeconds(clock.instant()),
        null, null, null, null, null, null, null, null, null, null, change, "system");
    chats.rememberName(moved, name);
    Wire.Value value = Wire.Value.ofSystemMessage(Wire.Metadata.of(number), message);
    webhook.post(old.key(), Wire.Notification.of(properties.wabaId(), value), "system message", delivered -> { });
    return new NumberChange(id, old.waId(), moved.waId(), old.userId(), moved.userId());
  }

  ChatMessage sendFile(String rawId, FileRequest request) {
    CustomerId customer = customer(rawId);
    String key = customer.key();
    checkUsername(customer, request.username());
    BusinessNumber number = businessNumber(request.phoneNumberId());
    if (request.bytes() == null || request.bytes().length == 0) {
      throw new CustomerRequestException(400, "file is required and must not be empty");
    }
    String mime = request.mimeType() == null || request.mimeType().isBlank()
        ? "application/octet-stream" : request.mimeType().toLowerCase(Locale.ROOT);
    String type = MediaTypes.messageType(mime);
    if (request.caption() != null && SendValidator.length(request.caption()) > SendValidator.CAPTION_MAX) {
      throw new CustomerRequestException(400, "caption must have at most " + SendValidator.CAPTION_MAX + " characters");
    }
    String filename = "document".equals(type) ? Optional.ofNullable(request.filename()).orElse("arquivo") : null;
    String caption = "audio".equals(type) || "sticker".equals(type) ? null : blankToNull(request.caption());
    MediaStore.StoredMedia stored = media.put(number.phoneNumberId(), mime, filename, request.bytes());
    Instant at = clock.instant();
    String id = Ids.wamid(key, true);
    String sha256 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(stored.sha256Hex()));
    Wire.InboundMedia wireMedia = new Wire.InboundMedia(caption, filename, mime, sha256, stored.id(),
        "audio".equals(type) ? mime.startsWith("audio/ogg") : null);
    Wire.Context context = quoted(customer, number, request.replyTo());
    Wire.InboundMessage message = new Wire.InboundMessage(context, customer.waId(), customer.userId(), id,
        BusinessSide.epochSeconds(at), null,
        "image".equals(type) ? wireMedia : null,
        "audio".equals(type) ? wireMedia : null,
        "video".equals(type) ? wireMedia : null,
        "document".equals(type) ? wireMedia : null,
        "sticker".equals(type) ? wireMedia : null,
        null, null, null, null, null, type);
    Content content = new Content(type, caption, new Content.Attachment(stored.id(), null, mime, filename), null, null,
        null, request.replyTo());
    return deliver(customer, request.name(), request.username(), number,
        ChatMessage.inbound(id, number.phoneNumberId(), customer, at, content), message);
  }

  private ChatMessage deliver(CustomerId customer, String name, String username, BusinessNumber number,
      ChatMessage chatMessage, Wire.InboundMessage message) {
    chats.rememberName(customer, name);
    String profileName = chats.name(customer.key()).orElse(DEFAULT_NAME);
    String profileUsername = username(customer, username, profileName);
    chats.add(chatMessage);
    Wire.Value value = Wire.Value.ofMessage(Wire.Metadata.of(number),
        new Wire.Contact(new Wire.Profile(profileName, profileUsername), customer.waId(), customer.userId()), message);
    webhook.post(customer.key(), Wire.Notification.of(properties.wabaId(), value), message.type() + " message",
        chatMessage::webhookDelivered);
    return chatMessage;
  }

  /**
   * A username customer's username (none for a phone customer): the one given now, else the one given
   * before; the first one comes from the profile name. It stays until the customer gives another.
   */
  private String username(CustomerId customer, String given, String profileName) {
    if (customer.hasPhone()) {
      return null;
    }
    String username = given != null && !given.isBlank()
        ? given.strip()
        : chats.username(customer.key()).orElseGet(() -> usernameFrom(profileName));
    chats.rememberUsername(customer, username);
    return username;
  }

  /** Only a customer without a phone number has a username here; the simulator keeps the two kinds apart. */
  private static void checkUsername(CustomerId customer, String username) {
    if (customer.hasPhone() && username != null && !username.isBlank()) {
      throw new CustomerRequestException(400, "username is for a customer named by a BSUID (a username customer),"
          + " not by a phone number");
    }
  }

  /** A username like the ones people pick, from the profile name: "João Ação" becomes "joao.acao". */
  static String usernameFrom(String name) {
    String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", ".").replaceAll("^\\.+|\\.+$", "");
    return plain.length() < 3 ? "cliente" + plain : plain;
  }

  private BusinessNumber businessNumber(String phoneNumberId) {
    if (phoneNumberId == null || phoneNumberId.isBlank()) {
      if (whatsApp.numbers().isEmpty()) {
        throw new CustomerRequestException(400, "No business number configured (atende.whatsapp.numbers)");
      }
      return whatsApp.defaultNumber();
    }
    return whatsApp.number(phoneNumberId).orElseThrow(() -> new CustomerRequestException(400,
        "Unknown business phoneNumberId " + phoneNumberId + "; configured: "
            + whatsApp.numbers().stream().map(BusinessNumber::phoneNumberId).toList()));
  }

  private Instant sentAt(Instant requested) {
    Instant now = clock.instant();
    if (requested == null) {
      return now;
    }
    if (requested.isAfter(now.plus(MAX_CLOCK_SKEW))) {
      throw new CustomerRequestException(400, "sentAt must not be in the future");
    }
    return requested;
  }

  /** The context of a quoted reply, if the customer replies to a message of the chat. */
  private Wire.Context quoted(CustomerId customer, BusinessNumber number, String replyTo) {
    if (replyTo == null || replyTo.isBlank()) {
      return null;
    }
    ChatMessage quoted = chats.find(replyTo).filter(m -> m.customerKey().equals(customer.key()))
        .orElseThrow(() -> new CustomerRequestException(400, "replyTo must be a message of this chat"));
    String from = quoted.direction() == ChatMessage.Direction.OUTBOUND
        ? number.displayPhoneNumber()
        : customer.waId();
    return new Wire.Context(from, quoted.id());
  }

  /** The business message that offered the option: the one named, or the latest offering it. */
  private ChatMessage offering(String customerKey, BusinessNumber number, String replyTo, String kind,
      String optionId) {
    if (optionId == null || optionId.isBlank()) {
      throw new CustomerRequestException(400, "The reply needs the option's " + ("quick_reply".equals(kind) ? "payload" : "id"));
    }
    Predicate<ChatMessage> offers = m -> m.direction() == ChatMessage.Direction.OUTBOUND
        && m.phoneNumberId().equals(number.phoneNumberId())
        && m.content().choices() != null
        && m.content().choices().kind().equals(kind)
        && m.content().choices().options().stream().anyMatch(o -> o.id().equals(optionId));
    if (replyTo != null && !replyTo.isBlank()) {
      return chats.find(replyTo).filter(m -> m.customerKey().equals(customerKey)).filter(offers)
          .orElseThrow(() -> new CustomerRequestException(400,
              "replyTo must be a message of this chat offering the " + kind + " option " + optionId));
    }
    List<ChatMessage> chat = chats.chat(customerKey);
    for (int i = chat.size() - 1; i >= 0; i--) {
      if (offers.test(chat.get(i))) {
        return chat.get(i);
      }
    }
    throw new CustomerRequestException(400, "No message of this chat offers the " + kind + " option " + optionId);
  }

  private static Content.Choice choice(ChatMessage offer, String optionId) {
    return offer.content().choices().options().stream().filter(o -> o.id().equals(optionId)).findFirst().orElseThrow();
  }

  private static int count(boolean... present) {
    int n = 0;
    for (boolean p : present) {
      n += p ? 1 : 0;
    }
    return n;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
