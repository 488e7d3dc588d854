package io.atende.whatsapp;

import io.atende.whatsapp.WebhookPayload.Media;
import io.atende.whatsapp.WebhookPayload.Message;
import java.time.Instant;
import java.util.Optional;

/**
 * A customer's message as the rest of the service sees it: who ({@code from}, the phone number, absent for a
 * customer who hides it behind a WhatsApp username; {@code fromUserId}, the business-scoped user id), to which
 * business number, when, which type, the text a journey can use, and the media reference if any.
 * {@link #payload()} keeps the whole typed Cloud API message for what the summary does not cover.
 */
public record InboundMessage(
    String waMessageId,
    String phoneNumberId,
    String displayPhoneNumber,
    String from,
    String fromUserId,
    String profileName,
    String username,
    Instant timestamp,
    MessageType type,
    String text,
    Media media,
    String contextMessageId,
    Message payload) {

  /** The media object of an image, audio, video, document or sticker message. */
  public Optional<Media> mediaRef() {
    return Optional.ofNullable(media);
  }

  /** The text a bot can interpret (typed text, a button or a list reply), trimmed; null for anything else. */
  public String usableText() {
    return usableText(type, text);
  }

  /** The text a bot can interpret in a message of this type with this text, trimmed; null if there is none. */
  public static String usableText(MessageType type, String text) {
    boolean usable = text != null && !text.isBlank() && (type == MessageType.TEXT || type == MessageType.BUTTON || type == MessageType.INTERACTIVE);
    return usable ? text.trim() : null;
  }

  static InboundMessage of(WebhookPayload.Metadata metadata, WebhookPayload.Contact contact, Message m) {
    MessageType type = MessageType.of(m.type());
    Media media = switch (type) {
      case IMAGE -> m.image();
      case AUDIO -> m.audio();
      case VIDEO -> m.video();
      case DOCUMENT -> m.document();
      case STICKER -> m.sticker();
      default -> null;
    };
    return new InboundMessage(
        m.id(),
        metadata == null ? null : metadata.phoneNumberId(),
        metadata == null ? null : metadata.displayPhoneNumber(),
        m.from(),
        m.senderUserId(contact),
        contact == null || contact.profile() == null ? null : contact.profile().name(),
        contact == null || contact.profile() == null ? null : contact.profile().username(),
        epochSeconds(m.timestamp()),
        type,
        textOf(type, m, media),
        media,
        m.context() == null ? null : m.context().id(),
        m);
  }

  private static String textOf(MessageType type, Message m, Media media) {
    return switch (type) {
      case TEXT -> m.text() == null ? null : m.text().body();
      case BUTTON -> m.button() == null ? null : m.button().text();
      case INTERACTIVE -> interactiveText(m.interactive());
      case REACTION -> m.reaction() == null ? null : m.reaction().emoji();
      case LOCATION -> m.location() == null ? null : locationText(m.location());
      case CONTACTS -> m.contacts() == null || m.contacts().isEmpty() || m.contacts().get(0).name() == null
          ? null : m.contacts().get(0).name().formattedName();
      case ORDER -> m.order() == null ? null : m.order().text();
      case SYSTEM -> m.system() == null ? null : m.system().body();
      default -> media == null ? null : media.caption();
    };
  }

  private static String interactiveText(WebhookPayload.Interactive i) {
    if (i == null) {
      return null;
    }
    if (i.buttonReply() != null) {
      return i.buttonReply().title();
    }
    if (i.listReply() != null) {
      return i.listReply().title();
    }
    return i.nfmReply() == null ? null : i.nfmReply().body();
  }

  private static String locationText(WebhookPayload.Location l) {
    String place = l.name() != null ? l.name() : l.address();
    return (place == null ? "" : place + " ") + "(" + l.latitude() + ", " + l.longitude() + ")";
  }

  static Instant epochSeconds(String timestamp) {
    try {
      return timestamp == null ? Instant.now() : Instant.ofEpochSecond(Long.parseLong(timestamp));
    } catch (NumberFormatException e) {
      return Instant.now();
    }
  }
}
