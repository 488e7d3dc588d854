package io.atende.whatsapp;

import io.atende.whatsapp.WebhookPayload.Contact;
import io.atende.whatsapp.WebhookPayload.GraphError;
import io.atende.whatsapp.WebhookPayload.Message;
import io.atende.whatsapp.WebhookPayload.Metadata;
import io.atende.whatsapp.WebhookPayload.Status;

/**
 * One unit of inbound work cut out of a notification: a message, a status, an error or a change of a message
 * template, with the envelope facts it needs. Stored as JSON in {@code inbound_event.payload}.
 */
record InboundEvent(Kind kind, String field, Metadata metadata, Contact contact, Message message, Status status, GraphError error,
    MessageTemplateUpdate template) {

  enum Kind {
    MESSAGE,
    STATUS,
    ERROR,
    TEMPLATE,
    OTHER
  }

  InboundEvent(Kind kind, String field, Metadata metadata, Contact contact, Message message, Status status, GraphError error) {
    this(kind, field, metadata, contact, message, status, error, null);
  }

  String dedupeKey(long notificationId, int index) {
    return switch (kind) {
      case MESSAGE -> "msg:" + message.id();
      case STATUS -> "status:" + status.id() + ":" + status.status();
      // Meta redelivers a notification with the same time: the same change of the same template is one event
      case TEMPLATE -> template.time() == null ? "template:" + notificationId + ":" + index
          : "template:" + template.templateId() + ":" + template.field() + ":"
              + (template.isQualityUpdate() ? template.newQualityScore() : template.isCategoryUpdate() ? template.category()
                  : template.event()) + ":" + template.time();
      default -> kind.name().toLowerCase() + ":" + notificationId + ":" + index;
    };
  }

  /**
   * The customer this event belongs to, all of whose events are processed in order: the phone number, or the
   * business-scoped user id of a customer who hides it behind a WhatsApp username.
   */
  String customerKey() {
    return switch (kind) {
      case MESSAGE -> message.from() != null ? message.from() : message.senderUserId(contact);
      case STATUS -> status.recipientId() != null ? status.recipientId() : status.recipientUserId();
      default -> null;
    };
  }
}
