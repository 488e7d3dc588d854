package io.atende.journey;

import io.atende.conversation.MessageSender.OutsideServiceWindowException;
import io.atende.journey.ConversationProcess.Variables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells the customer their conversation moved to another queue. Outside the customer's 24-hour window
 * no free-form text may be sent: the notice is skipped then, so that the transfer never waits on it.
 */
@Component("sendTransferNotice")
class SendTransferNotice implements JavaDelegate {

  private static final Logger log = LoggerFactory.getLogger(SendTransferNotice.class);

  private final BotMessages bot;
  private final JourneyTexts texts;

  SendTransferNotice(BotMessages bot, JourneyTexts texts) {
    this.bot = bot;
    this.texts = texts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    try {
      bot.send(execution, JourneyTexts.fill(texts.transferred(), JourneyVariables.string(execution, Variables.PROTOCOL),
          JourneyVariables.string(execution, Variables.QUEUE_LABEL)));
    } catch (OutsideServiceWindowException e) {
      log.info("Transfer notice of conversation {} skipped: the customer's 24-hour window is closed", execution.getBusinessKey());
    }
  }
}
