package io.atende.whatsapp;

import java.time.Instant;

/**
 * A delivery status of a message the business sent: {@code sent}, {@code delivered}, {@code read},
 * {@code played} or {@code failed} (with Meta's error code, title and details).
 */
public record MessageStatusUpdate(
    String waMessageId,
    String phoneNumberId,
    String recipientId,
    DeliveryStatus status,
    Instant timestamp,
    Integer errorCode,
    String errorTitle,
    String errorDetails) {

  static MessageStatusUpdate of(WebhookPayload.Metadata metadata, WebhookPayload.Status s) {
    WebhookPayload.GraphError error = s.errors() == null || s.errors().isEmpty() ? null : s.errors().get(0);
    return new MessageStatusUpdate(
        s.id(),
        metadata == null ? null : metadata.phoneNumberId(),
        s.recipientId(),
        DeliveryStatus.ofApi(s.status()),
        InboundMessage.epochSeconds(s.timestamp()),
        error == null ? null : error.code(),
        error == null ? null : error.title(),
        error == null ? null : firstNonNull(error.details(), error.message()));
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }
}
