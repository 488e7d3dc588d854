package io.atende.journey.outreach;

import io.atende.conversation.ConversationStore;
import io.atende.journey.ConversationProcess;
import io.atende.journey.ProtocolEvents;
import io.atende.journey.outreach.OutreachProcess.Variables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The steps that close a contact's protocol before any agent attended it ({@code ${closeUnsentContact}},
 * {@code ${closeUnansweredContact}}): the conversation closes and the audit trail says why; a template that never left
 * gives back its place in the messaging limit. A later message of the
 * customer then meets the number's journey (decision replyRouting).
 */
@Configuration(proxyBeanMethods = false)
class ContactEnds {

  /** The template did not leave (the customer cannot be reached, or the template may no longer be sent). */
  @Bean
  JavaDelegate closeUnsentContact(ConversationStore conversations, ProtocolEvents events, io.atende.limits.MessagingLimits limits) {
    return execution -> {
      close(execution, conversations, events, ProtocolEvents.Type.UNREACHABLE, OutreachVariables.string(execution, Variables.REFUSAL));
      ReserveMessagingLimit.release(limits, execution);
    };
  }

  /** The customer did not answer in the time the model gives (timer "Sem resposta"). */
  @Bean
  JavaDelegate closeUnansweredContact(ConversationStore conversations, ProtocolEvents events) {
    return execution -> close(execution, conversations, events, ProtocolEvents.Type.ABANDONED, "O cliente não respondeu ao contato");
  }

  private static void close(DelegateExecution execution, ConversationStore conversations, ProtocolEvents events,
      ProtocolEvents.Type how, String note) {
    long conversationId = OutreachVariables.number(execution, ConversationProcess.Variables.CONVERSATION_ID);
    conversations.close(conversationId);
    events.record(conversationId, OutreachVariables.string(execution, ConversationProcess.Variables.PROTOCOL), how,
        ProtocolEvents.SYSTEM, OutreachVariables.string(execution, ConversationProcess.Variables.QUEUE), null, note);
  }
}
