package io.atende.journey;

import io.atende.conversation.ConversationStore;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/** Closes the stored conversation when its process ends. */
@Component("closeConversation")
class CloseConversation implements ExecutionListener {

  private final ConversationStore conversations;

  CloseConversation(ConversationStore conversations) {
    this.conversations = conversations;
  }

  @Override
  public void notify(DelegateExecution execution) {
    conversations.close((Long) execution.getVariable(ConversationProcess.Variables.CONVERSATION_ID));
  }
}
