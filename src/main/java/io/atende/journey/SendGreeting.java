package io.atende.journey;

import io.atende.conversation.MessageSender;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Sends the journey's greeting to the customer. */
@Component("sendGreeting")
class SendGreeting implements JavaDelegate {

  private final MessageSender sender;
  private final JourneyTexts texts;

  SendGreeting(MessageSender sender, JourneyTexts texts) {
    this.sender = sender;
    this.texts = texts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long conversationId = (Long) execution.getVariable(ConversationProcess.Variables.CONVERSATION_ID);
    sender.sendText(conversationId, SendKeys.of(execution), "bot", texts.greeting());
  }
}
