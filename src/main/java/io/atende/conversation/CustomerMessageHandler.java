package io.atende.conversation;

import io.atende.conversation.ConversationStore.Conversation;
import io.atende.whatsapp.InboundMessage;

/**
 * What moves a conversation on when its customer writes (the journey's correlator implements it).
 * Called inside the inbound transaction after the message is recorded.
 */
public interface CustomerMessageHandler {

  /**
   * @param conversation the customer's open conversation (just opened when {@code opened} is true)
   * @param messageId the recorded message ({@code chat_message.id})
   * @param message the message as received
   * @param opened whether this message opened the conversation
   */
  void onCustomerMessage(Conversation conversation, long messageId, InboundMessage message, boolean opened);
}
