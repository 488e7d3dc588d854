package io.atende.whatsapp;

import io.atende.whatsapp.OutboundMessage.Content;
import io.atende.whatsapp.OutboundMessage.Interactive;
import io.atende.whatsapp.OutboundMessage.Media;
import io.atende.whatsapp.OutboundMessage.Reaction;
import io.atende.whatsapp.OutboundMessage.Template;
import io.atende.whatsapp.OutboundMessage.Text;
import java.util.List;

/**
 * Typed request and response bodies of the Graph API calls the channel makes (Cloud API reference:
 * messages, media). Serialized and parsed with {@link GraphJson} (snake_case, nulls left out).
 */
public final class GraphApi {

  static final String MESSAGING_PRODUCT = "whatsapp";

  private GraphApi() {}

  /**
   * {@code POST /{version}/{phone-number-id}/messages}:
   * {@code {"messaging_product":"whatsapp","recipient_type":"individual","to":...,"type":...,"<type>":{...},"context"?:{"message_id"},
   * "biz_opaque_callback_data"?}}.
   * A customer known only by business-scoped user id is addressed by {@code recipient} instead of {@code to}.
   */
  public record SendRequest(
      String messagingProduct,
      String recipientType,
      String to,
      String recipient,
      String type,
      Text text,
      Template template,
      Media image,
      Media audio,
      Media video,
      Media document,
      Media sticker,
      Interactive interactive,
      Reaction reaction,
      Context context,
      String bizOpaqueCallbackData) {

    public static SendRequest of(OutboundMessage message) {
      Content c = message.content();
      MessageType type = c.messageType();
      return new SendRequest(
          MESSAGING_PRODUCT,
          "individual",
          message.toBusinessScopedUserId() ? null : message.to(),
          message.toBusinessScopedUserId() ? message.to() : null,
          type.apiName(),
          c instanceof Text t ? t : null,
          c instanceof Template t ? t : null,
          type == MessageType.IMAGE ? (Media) c : null,
          type == MessageType.AUDIO ? (Media) c : null,
          type == MessageType.VIDEO ? (Media) c : null,
          type == MessageType.DOCUMENT ? (Media) c : null,
          type == MessageType.STICKER ? (Media) c : null,
          c instanceof Interactive i ? i : null,
          c instanceof Reaction r ? r : null,
          message.replyTo() == null ? null : new Context(message.replyTo()),
          message.callbackData());
    }
  }

  /** Makes the message a quoted reply to an earlier one. */
  public record Context(String messageId) {}

  /** {@code {"messaging_product":"whatsapp","status":"read","message_id":...}} on the messages endpoint. */
  public record ReadRequest(String messagingProduct, String status, String messageId) {

    public static ReadRequest of(String waMessageId) {
      return new ReadRequest(MESSAGING_PRODUCT, "read", waMessageId);
    }
  }

  /** {@code {messaging_product, contacts[{input, wa_id | user_id}], messages[{id, message_status?}]}}. */
  public record SendResponse(String messagingProduct, List<ContactRef> contacts, List<MessageRef> messages) {}

  /**
   * The recipient as sent and as WhatsApp normalized it (they may differ, e.g. Brazil's ninth digit); a send to a
   * business-scoped user id answers {@code user_id} instead of {@code wa_id}.
   */
  public record ContactRef(String input, String waId, String userId) {}

  /** {@code message_status} appears only for paced templates: accepted, held_for_quality_assessment or paused. */
  public record MessageRef(String id, String messageStatus) {}

  /** {@code {"success":true}} (mark as read, delete media). */
  public record SuccessResponse(Boolean success) {}

  /** {@code POST /{version}/{phone-number-id}/media} answers the uploaded media's id. */
  public record UploadResponse(String id) {}

  /** {@code {"error":{...}}}. */
  public record ErrorResponse(Error error) {}

  /**
   * A Graph error. Meta advises deciding on {@code code} and {@code error_data.details}; titles and
   * {@code error_subcode} are deprecated and may be absent.
   */
  public record Error(
      String message,
      String type,
      Integer code,
      Integer errorSubcode,
      ErrorData errorData,
      String fbtraceId,
      String errorUserTitle,
      String errorUserMsg) {

    public String details() {
      return errorData == null ? null : errorData.details();
    }
  }

  public record ErrorData(String messagingProduct, String details) {}
}
