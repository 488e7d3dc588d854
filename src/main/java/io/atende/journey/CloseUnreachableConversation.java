package io.atende.journey;

import io.atende.conversation.ConversationStore;
import io.atende.journey.ConversationProcess.Variables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Closes a conversation whose customer WhatsApp cannot reach; the audit says why (Meta's code and title). */
@Component("closeUnreachableConversation")
class CloseUnreachableConversation implements JavaDelegate {

  private final ConversationStore conversations;
  private final ProtocolEvents events;

  CloseUnreachableConversation(ConversationStore conversations, ProtocolEvents events) {
    this.conversations = conversations;
    this.events = events;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long conversationId = JourneyVariables.conversationId(execution);
    conversations.close(conversationId);
    events.record(conversationId, JourneyVariables.string(execution, Variables.PROTOCOL), ProtocolEvents.Type.UNREACHABLE,
        ProtocolEvents.SYSTEM, JourneyVariables.string(execution, Variables.QUEUE), null,
        JourneyVariables.string(execution, Variables.UNREACHABLE_REASON));
  }
}
