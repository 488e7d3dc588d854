package io.atende.whatsapp;

import io.atende.whatsapp.WebhookPayload.Contact;
import io.atende.whatsapp.WebhookPayload.GraphError;
import io.atende.whatsapp.WebhookPayload.Message;
import io.atende.whatsapp.WebhookPayload.Metadata;
import io.atende.whatsapp.WebhookPayload.Status;

/**
 * One unit of inbound work cut out of a notification: a message, a status or an error, with the
 * envelope facts it needs. Stored as JSON in {@code inbound_event.payload}.
 */
record InboundEvent(Kind kind, String field, Metadata metadata, Contact contact, Message message, Status status, GraphError error) {

  enum Kind {
    MESSAGE,
    STATUS,
    ERROR,
    OTHER
  }

  String dedupeKey(long notificationId, int index) {
    return switch (kind) {
      case MESSAGE -> "msg:" + message.id();
      case STATUS -> "status:" + status.id() + ":" + status.status();
      default -> kind.name().toLowerCase() + ":" + notificationId + ":" + index;
    };
  }

  /** The customer this event belongs to: all events of one customer are processed in order. */
  String waId() {
    return switch (kind) {
      case MESSAGE -> message.from();
      case STATUS -> status.recipientId();
      default -> null;
    };
  }
}
