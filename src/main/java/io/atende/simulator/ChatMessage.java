package io.atende.simulator;

import java.time.Instant;

/**
 * One message of a simulated chat. Outbound messages (business → customer) move through {@link
 * Status}; inbound ones (customer → business) track the delivery of their webhook.
 */
final class ChatMessage {

  enum Direction { INBOUND, OUTBOUND }

  /** Outbound progress, in Meta's order; {@link #FAILED} is terminal. */
  enum Status {
    ACCEPTED, SENT, DELIVERED, READ, FAILED;

    String apiName() {
      return name().toLowerCase();
    }
  }

  /** Whether the inbound message's notification reached the webhook. */
  enum WebhookDelivery { PENDING, DELIVERED, FAILED }

  /** Why an outbound message failed, as its {@code failed} status reports it. */
  record Failure(int code, String title, String details) {}

  /** How Meta prices the message ({@code pricing} of its statuses). */
  record Billing(boolean billable, String category, String type) {}

  private final String id;
  private final Direction direction;
  private final String phoneNumberId;
  private final CustomerId customer;
  private final String recipientId;
  private final Instant timestamp;
  private final Content content;
  private final String bizOpaqueCallbackData;
  private final Billing billing;

  private Status status;
  private Failure failure;
  private WebhookDelivery webhookDelivery;
  private boolean readByBusiness;

  private ChatMessage(String id, Direction direction, String phoneNumberId, CustomerId customer, String recipientId,
      Instant timestamp, Content content, String bizOpaqueCallbackData, Billing billing) {
    this.id = id;
    this.direction = direction;
    this.phoneNumberId = phoneNumberId;
    this.customer = customer;
    this.recipientId = recipientId;
    this.timestamp = timestamp;
    this.content = content;
    this.bizOpaqueCallbackData = bizOpaqueCallbackData;
    this.billing = billing;
  }

  static ChatMessage inbound(String id, String phoneNumberId, CustomerId customer, Instant timestamp, Content content) {
    ChatMessage m = new ChatMessage(id, Direction.INBOUND, phoneNumberId, customer, null, timestamp, content, null, null);
    m.webhookDelivery = WebhookDelivery.PENDING;
    return m;
  }

  /**
   * A business message.
   *
   * @param recipientId the phone number the send addressed ({@code to}), or null when it addressed a BSUID
   */
  static ChatMessage outbound(String id, String phoneNumberId, CustomerId customer, String recipientId,
      Instant timestamp, Content content, String bizOpaqueCallbackData, Billing billing) {
    ChatMessage m = new ChatMessage(id, Direction.OUTBOUND, phoneNumberId, customer, recipientId, timestamp, content,
        bizOpaqueCallbackData, billing);
    m.status = Status.ACCEPTED;
    return m;
  }

  String id() {
    return id;
  }

  Direction direction() {
    return direction;
  }

  String phoneNumberId() {
    return phoneNumberId;
  }

  CustomerId customer() {
    return customer;
  }

  /** The customer's chat this message belongs to (see {@link CustomerId#key()}). */
  String customerKey() {
    return customer.key();
  }

  /** Outbound only: the phone number the business addressed, or null if it addressed the BSUID. */
  String recipientId() {
    return recipientId;
  }

  Instant timestamp() {
    return timestamp;
  }

  Content content() {
    return content;
  }

  String bizOpaqueCallbackData() {
    return bizOpaqueCallbackData;
  }

  Billing billing() {
    return billing;
  }

  synchronized Status status() {
    return status;
  }

  synchronized Failure failure() {
    return failure;
  }

  synchronized WebhookDelivery webhookDelivery() {
    return webhookDelivery;
  }

  synchronized boolean readByBusiness() {
    return readByBusiness;
  }

  /** Moves an outbound message one step forward; returns false if it is already there or beyond. */
  synchronized boolean advanceTo(Status next) {
    if (status == Status.FAILED || status.ordinal() >= next.ordinal()) {
      return false;
    }
    status = next;
    return true;
  }

  /** Fails an outbound message that was not sent yet; returns false if it already left. */
  synchronized boolean fail(Failure reason) {
    if (status != Status.ACCEPTED) {
      return false;
    }
    status = Status.FAILED;
    failure = reason;
    return true;
  }

  synchronized void webhookDelivered(boolean delivered) {
    webhookDelivery = delivered ? WebhookDelivery.DELIVERED : WebhookDelivery.FAILED;
  }

  synchronized void markReadByBusiness() {
    readByBusiness = true;
  }
}
