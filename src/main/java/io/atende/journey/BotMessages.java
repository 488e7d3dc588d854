package io.atende.journey;

import io.atende.conversation.MessageSender;
import io.atende.conversation.MessageSender.OutsideServiceWindowException;
import io.atende.journey.ConversationProcess.Errors;
import io.atende.whatsapp.GraphApiException;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Sends the bot's texts into the execution's conversation, keyed by {@link SendKeys} so a retried job never sends
 * twice. A customer WhatsApp cannot reach is a business outcome: the {@code CustomerUnreachable} BPMN error, which
 * the model handles; any other failure stays an exception (retried, or an incident).
 */
@Component
class BotMessages {

  /** The sender recorded on the bot's messages. */
  static final String SENDER = "bot";

  private final MessageSender sender;

  BotMessages(MessageSender sender) {
    this.sender = sender;
  }

  void send(DelegateExecution execution, String text) {
    try {
      sender.sendText(JourneyVariables.conversationId(execution), SendKeys.of(execution), SENDER, text);
    } catch (OutsideServiceWindowException e) {
      throw new BpmnError(Errors.CUSTOMER_UNREACHABLE, "The customer's 24-hour window is closed");
    } catch (GraphApiException e) {
      if (e.recipientUnreachable()) {
        throw new BpmnError(Errors.CUSTOMER_UNREACHABLE, "WhatsApp error " + e.code() + ": " + e.title());
      }
      throw e;
    }
  }
}
