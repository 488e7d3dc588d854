package io.atende.journey;

import io.atende.journey.ConversationProcess.Variables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Tells the customer the protocol number and the queue they wait in, before an agent takes over. */
@Component("sendProtocol")
class SendProtocol implements JavaDelegate {

  private final BotMessages bot;
  private final JourneyTexts texts;

  SendProtocol(BotMessages bot, JourneyTexts texts) {
    this.bot = bot;
    this.texts = texts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    bot.send(execution, JourneyTexts.fill(texts.protocol(), JourneyVariables.string(execution, Variables.PROTOCOL),
        JourneyVariables.string(execution, Variables.QUEUE_LABEL)));
  }
}
