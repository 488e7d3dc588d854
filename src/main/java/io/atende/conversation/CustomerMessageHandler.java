package io.atende.conversation;

import io.atende.conversation.ConversationStore.Conversation;
import io.atende.whatsapp.InboundMessage;

/**
 * Decides who takes a customer's message once it is recorded (the journey's message router implements it): a process
 * waiting for it, the agent of the open protocol, or a new journey. Called inside the inbound transaction.
 */
public interface CustomerMessageHandler {

  /**
   * @param customerId the customer who wrote
   * @param phoneNumberId the business number they wrote to
   * @param open the customer's open conversation on that number, or null; the message is recorded in it
   * @param messageId the recorded message ({@code chat_message.id}); attach it to a conversation with
   *     {@link MessageLog#attach} when the handler opens one
   * @param message the message as received
   */
  void onCustomerMessage(long customerId, String phoneNumberId, Conversation open, long messageId, InboundMessage message);
}
