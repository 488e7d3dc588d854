package io.atende.journey;

import io.atende.journey.ConversationProcess.Errors;
import io.atende.journey.ConversationProcess.Variables;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells the customer their conversation moved to another queue. When WhatsApp cannot reach the customer (say,
 * their 24-hour window closed while they waited) the notice is skipped, so that the transfer never waits on it.
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
    } catch (BpmnError e) {
      if (!Errors.CUSTOMER_UNREACHABLE.equals(e.getErrorCode())) {
        throw e;
      }
      log.info("Transfer notice of conversation {} skipped: {}", execution.getBusinessKey(), e.getMessage());
    }
  }
}
