package io.atende.journey;

import io.atende.conversation.MessageSender;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** Sends the bot's texts into the execution's conversation, keyed by {@link SendKeys} so a retried job never sends twice. */
@Component
class BotMessages {

  /** The sender recorded on the bot's messages. */
  static final String SENDER = "bot";

  private final MessageSender sender;

  BotMessages(MessageSender sender) {
    this.sender = sender;
  }

  void send(DelegateExecution execution, String text) {
    sender.sendText(JourneyVariables.conversationId(execution), SendKeys.of(execution), SENDER, text);
  }
}
