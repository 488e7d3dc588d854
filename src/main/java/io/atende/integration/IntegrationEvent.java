package io.atende.integration;

import java.time.Instant;
import java.util.List;

/**
 * The business events integrators receive (README "For integrators"): an envelope with a stable {@code type}, its
 * schema {@code version}, a unique {@code id} (deliveries are at least once: de-duplicate on it), when it happened,
 * the customer it belongs to (events of one customer arrive in order) and the typed {@code data}.
 */
public record IntegrationEvent<T>(String type, int version, String id, Instant occurredAt, long customerId, T data) {

  /** Event types; each has version 1. */
  public static final String CUSTOMER_MESSAGE_RECEIVED = "customer-message.received";
  public static final String MESSAGE_STATUS_CHANGED = "message-status.changed";
  /** Prefix of the protocol events: {@code protocol.opened}, {@code protocol.transferred-to-queue}, ... */
  public static final String PROTOCOL = "protocol.";
  public static final String ACTIVE_CONTACT_SENT = "active-contact.sent";
  public static final String BATCH_MESSAGE_SENT = "batch-message.sent";
  public static final String SURVEY_ANSWERED = "survey.answered";

  /** A customer: phone number (wa_id, digits) and/or business-scoped user id, and the WhatsApp profile name. */
  public record Customer(long id, String phone, String userId, String username, String name) {}

  /** A media file of a message: Meta's media id, type and file name (download it through Atende's desk API). */
  public record Media(String id, String mimeType, String filename) {}

  /** {@value #CUSTOMER_MESSAGE_RECEIVED}: a customer wrote to a business number. */
  public record CustomerMessageReceived(Customer customer, String businessNumber, long messageId, String waMessageId,
      String messageType, String text, Media media, Long conversationId, String protocol, Instant sentAt) {

    /** The same message, in this conversation. */
    public CustomerMessageReceived inConversation(long conversationId, String protocol) {
      return new CustomerMessageReceived(customer, businessNumber, messageId, waMessageId, messageType, text, media, conversationId,
          protocol, sentAt);
    }
  }

  /** {@value #MESSAGE_STATUS_CHANGED}: a message Atende sent moved to sent, delivered, read or failed. */
  public record MessageStatusChanged(long messageId, String waMessageId, String businessNumber, Long conversationId,
      String status, Integer errorCode, String errorTitle) {}

  /** {@code protocol.*}: a protocol opened, was assigned, transferred or closed (queue and agent after the event). */
  public record ProtocolChanged(long conversationId, String protocol, String businessNumber, String change, String actor,
      String queue, String agent, String note) {}

  /** {@value #ACTIVE_CONTACT_SENT}: an agent's (or an integration's) active contact or recontact left with its template. */
  public record ActiveContactSent(long conversationId, String protocol, String businessNumber, String origin, String agent,
      String template, String language, List<String> variables) {}

  /**
   * {@value #BATCH_MESSAGE_SENT}: a batch's template left for one recipient (one event per recipient, of that customer;
   * {@code row} is the recipient's row in the sheet).
   */
  public record BatchMessageSent(long batchId, String title, int row, String businessNumber, long conversationId, long messageId,
      String template, String language, List<String> variables, String createdBy) {}

  /** {@value #SURVEY_ANSWERED}: a customer answered the satisfaction survey of a service. */
  public record SurveyAnswered(long conversationId, String protocol, String businessNumber, String kind, int score,
      String answer, String agent, String queue) {}
}
