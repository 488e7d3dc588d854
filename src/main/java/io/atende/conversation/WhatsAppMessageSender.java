package io.atende.conversation;

import org.springframework.stereotype.Service;

/** Placeholder until the outbound channel lands: refuses to send. */
@Service
class WhatsAppMessageSender implements MessageSender {

  @Override
  public SentMessage sendText(long conversationId, String sendKey, String sender, String text) {
    throw new UnsupportedOperationException("outbound channel not implemented yet");
  }
}
