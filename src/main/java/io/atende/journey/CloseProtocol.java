package io.atende.journey;

import io.atende.conversation.ConversationStore;
import io.atende.journey.ConversationProcess.Variables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Closes the conversation and its protocol after the agent finished; the audit names the agent. */
@Component("closeProtocol")
class CloseProtocol implements JavaDelegate {

  private final ConversationStore conversations;
  private final ProtocolEvents events;

  CloseProtocol(ConversationStore conversations, ProtocolEvents events) {
    this.conversations = conversations;
    this.events = events;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long conversationId = JourneyVariables.conversationId(execution);
    conversations.close(conversationId);
    events.record(conversationId, JourneyVariables.string(execution, Variables.PROTOCOL), ProtocolEvents.Type.CLOSED,
        JourneyVariables.string(execution, Variables.AGENT_ID), JourneyVariables.string(execution, Variables.QUEUE),
        JourneyVariables.string(execution, Variables.AGENT_ID), null);
  }
}
