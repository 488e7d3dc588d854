package io.atende.whatsapp;

import java.time.Instant;

/**
 * A delivery status of a message the business sent: {@code sent}, {@code delivered}, {@code read},
 * {@code played} or {@code failed} (with Meta's error code, title and details); with Meta's {@code pricing} and
 * {@code conversation} objects when the status carries them (null otherwise), and the {@code biz_opaque_callback_data}
 * the send carried (our send key).
 */
public record MessageStatusUpdate(
    String waMessageId,
    String phoneNumberId,
    String recipientId,
    DeliveryStatus status,
    Instant timestamp,
    Integer errorCode,
    String errorTitle,
    String errorDetails,
    Pricing pricing,
    Conversation conversation,
    String callbackData) {

  /** Meta's {@code pricing}: billable (slated for deprecation), pricing_model (PMP, CBP), category, type (regular...). */
  public record Pricing(Boolean billable, String pricingModel, String category, String type) {}

  /** Meta's {@code conversation}: its id, origin type and, on the first status, when it expires. */
  public record Conversation(String id, String originType, Instant expiresAt) {}

  static MessageStatusUpdate of(WebhookPayload.Metadata metadata, WebhookPayload.Status s) {
    WebhookPayload.GraphError error = s.errors() == null || s.errors().isEmpty() ? null : s.errors().get(0);
    WebhookPayload.Pricing p = s.pricing();
    WebhookPayload.Conversation c = s.conversation();
    return new MessageStatusUpdate(
        s.id(),
        metadata == null ? null : metadata.phoneNumberId(),
        s.recipientId(),
        DeliveryStatus.ofApi(s.status()),
        InboundMessage.epochSeconds(s.timestamp()),
        error == null ? null : error.code(),
        error == null ? null : error.title(),
        error == null ? null : firstNonNull(error.details(), error.message()),
        p == null ? null : new Pricing(p.billable(), p.pricingModel(), p.category(), p.type()),
        c == null ? null : new Conversation(c.id(), c.origin() == null ? null : c.origin().type(),
            c.expirationTimestamp() == null ? null : InboundMessage.epochSeconds(c.expirationTimestamp())),
        s.bizOpaqueCallbackData());
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }
}
