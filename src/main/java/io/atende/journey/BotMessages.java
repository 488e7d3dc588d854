package io.atende.journey;

import io.atende.conversation.MessageSender;
import io.atende.conversation.MessageSender.OutsideServiceWindowException;
import io.atende.conversation.MessageSender.TemplateRequest;
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
public class BotMessages {

  /** The sender recorded on the bot's messages. */
  public static final String SENDER = "bot";

  private final MessageSender sender;

  BotMessages(MessageSender sender) {
    this.sender = sender;
  }

  /** Sends a text into the execution's conversation ({@code conversationId}). */
  public void send(DelegateExecution execution, String text) {
    deliver(() -> sender.sendText(JourneyVariables.conversationId(execution), SendKeys.of(execution), SENDER, text));
  }

  /** Sends an approved template into the execution's conversation; allowed outside the 24-hour window. */
  public void sendTemplate(DelegateExecution execution, TemplateRequest template) {
    deliver(() -> sender.sendTemplate(JourneyVariables.conversationId(execution), SendKeys.of(execution), SENDER, template));
  }

  private static void deliver(Runnable send) {
    try {
      send.run();
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
