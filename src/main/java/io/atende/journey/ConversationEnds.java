package io.atende.journey;

import io.atende.conversation.ConversationStore;
import io.atende.journey.ConversationProcess.Variables;
import io.atende.journey.ProtocolEvents.Type;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The steps that end a conversation ({@code ${closeProtocol}}, {@code ${closeConversation}},
 * {@code ${closeUnreachableConversation}}): each closes it in the store and says in the audit trail how it ended.
 */
@Configuration(proxyBeanMethods = false)
class ConversationEnds {

  /** After the agent finished: the audit names the agent. */
  @Bean
  JavaDelegate closeProtocol(ConversationStore conversations, ProtocolEvents events, ApplicationEventPublisher publisher) {
    return execution -> {
      String agent = JourneyVariables.string(execution, Variables.AGENT_ID);
      close(execution, conversations, events, Type.CLOSED, agent, agent, null);
      // the satisfaction survey starts from this, in the same transaction
      publisher.publishEvent(new ProtocolClosed(JourneyVariables.conversationId(execution),
          JourneyVariables.string(execution, Variables.PROTOCOL), ((Number) execution.getVariable(Variables.CUSTOMER_ID)).longValue(),
          JourneyVariables.string(execution, Variables.PHONE_NUMBER_ID), agent, JourneyVariables.string(execution, Variables.QUEUE)));
    };
  }

  /** The customer stopped answering the bot, before any protocol was opened. */
  @Bean
  JavaDelegate closeConversation(ConversationStore conversations, ProtocolEvents events) {
    return execution -> close(execution, conversations, events, Type.ABANDONED, ProtocolEvents.SYSTEM, null, null);
  }

  /** WhatsApp cannot reach the customer: the audit says why (Meta's code and title). */
  @Bean
  JavaDelegate closeUnreachableConversation(ConversationStore conversations, ProtocolEvents events) {
    return execution -> close(execution, conversations, events, Type.UNREACHABLE, ProtocolEvents.SYSTEM, null,
        JourneyVariables.string(execution, Variables.UNREACHABLE_REASON));
  }

  private static void close(DelegateExecution execution, ConversationStore conversations, ProtocolEvents events, Type how,
      String actor, String assignee, String note) {
    long conversationId = JourneyVariables.conversationId(execution);
    conversations.close(conversationId);
    events.record(conversationId, JourneyVariables.string(execution, Variables.PROTOCOL), how, actor,
        JourneyVariables.string(execution, Variables.QUEUE), assignee, note);
  }
}
