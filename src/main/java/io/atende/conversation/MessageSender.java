package io.atende.conversation;

import io.atende.whatsapp.DeliveryStatus;

/**
 * Sends messages into a conversation through the WhatsApp channel and records them. Each send has a
 * caller-chosen {@code sendKey}: a retried call with the same key returns the first result instead
 * of sending again. A free-form send outside the customer's 24-hour window is refused before it
 * leaves ({@link OutsideServiceWindowException}).
 */
public interface MessageSender {

  SentMessage sendText(long conversationId, String sendKey, String sender, String text);

  record SentMessage(long messageId, String waMessageId, DeliveryStatus status) {}

  /** The customer's 24-hour window is closed: only an approved template may be sent. */
  class OutsideServiceWindowException extends RuntimeException {
    public OutsideServiceWindowException(long conversationId) {
      super("The customer's 24-hour service window is closed for conversation " + conversationId
          + "; only an approved template can reopen it");
    }
  }
}
