package io.atende.journey;

import io.atende.conversation.ConversationStore;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Closes a conversation the customer left while talking to the bot (no protocol, no queue). */
@Component("closeConversation")
class CloseConversation implements JavaDelegate {

  private final ConversationStore conversations;
  private final ProtocolEvents events;

  CloseConversation(ConversationStore conversations, ProtocolEvents events) {
    this.conversations = conversations;
    this.events = events;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long conversationId = JourneyVariables.conversationId(execution);
    conversations.close(conversationId);
    events.record(conversationId, null, ProtocolEvents.Type.ABANDONED, ProtocolEvents.SYSTEM, null, null, null);
  }
}
