package io.atende.journey;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerMessageHandler;
import io.atende.whatsapp.InboundMessage;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** Moves the conversation process on when its customer writes: a new conversation starts the journey. */
@Component
class JourneyCorrelator implements CustomerMessageHandler {

  private final RuntimeService runtimeService;
  private final ConversationStore conversations;

  JourneyCorrelator(RuntimeService runtimeService, ConversationStore conversations) {
    this.runtimeService = runtimeService;
    this.conversations = conversations;
  }

  @Override
  public void onCustomerMessage(Conversation conversation, long messageId, InboundMessage message, boolean opened) {
    if (!opened) {
      return;
    }
    ProcessInstance instance = runtimeService.startProcessInstanceByKey(ConversationProcess.KEY, String.valueOf(conversation.id()),
        Variables.createVariables().putValue(ConversationProcess.Variables.CONVERSATION_ID, conversation.id()));
    conversations.attachProcess(conversation.id(), instance.getId());
  }
}
