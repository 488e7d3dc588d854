package io.atende.journey;

import io.atende.conversation.ConversationStore;
import io.atende.journey.ConversationProcess.Variables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Issues the protocol number, stores it on the conversation and queues the conversation in {@code queue}. */
@Component("openProtocol")
class OpenProtocol implements JavaDelegate {

  private final ProtocolNumbers numbers;
  private final ConversationStore conversations;
  private final ProtocolEvents events;

  OpenProtocol(ProtocolNumbers numbers, ConversationStore conversations, ProtocolEvents events) {
    this.numbers = numbers;
    this.conversations = conversations;
    this.events = events;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long conversationId = JourneyVariables.conversationId(execution);
    String queue = JourneyVariables.string(execution, Variables.QUEUE);
    String protocol = numbers.next();
    conversations.setProtocol(conversationId, protocol);
    conversations.route(conversationId, queue, null);
    events.record(conversationId, protocol, ProtocolEvents.Type.OPENED, BotMessages.SENDER, queue, null, null);
    execution.setVariable(Variables.PROTOCOL, protocol);
  }
}
