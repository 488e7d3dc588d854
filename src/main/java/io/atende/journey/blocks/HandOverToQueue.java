package io.atende.journey.blocks;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.journey.JourneyVariables;
import io.atende.journey.ProtocolEvents;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * Block "Encaminhar para fila" ({@code ${handOverToQueue}}): puts the conversation in the queue of field {@code queue}
 * (checked at deploy time): sets {@code queue} (the agents' candidate group) and {@code queueLabel} (its name). Before
 * the protocol is open that is all ("Abrir protocolo" then queues it); with a protocol open the conversation moves to
 * that queue at once, recorded in the protocol's audit trail.
 */
@Component(Blocks.Beans.HAND_OVER_TO_QUEUE)
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class HandOverToQueue implements JavaDelegate {

  private final QueueDirectory queues;
  private final ConversationStore conversations;
  private final ProtocolEvents events;
  private Expression queue;

  HandOverToQueue(QueueDirectory queues, ConversationStore conversations, ProtocolEvents events) {
    this.queues = queues;
    this.conversations = conversations;
    this.events = events;
  }

  public void setQueue(Expression queue) {
    this.queue = queue;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String target = BlockField.required(queue, Blocks.Fields.QUEUE, execution).trim();
    execution.setVariable(Blocks.Variables.QUEUE, target);
    execution.setVariable(Blocks.Variables.QUEUE_LABEL, queues.nameOf(target).orElse(target));
    long conversationId = JourneyVariables.conversationId(execution);
    Conversation conversation = conversations.findById(conversationId)
        .orElseThrow(() -> new IllegalStateException("Conversation " + conversationId + " not found"));
    if (conversation.protocol() != null && !target.equals(conversation.queue())) {
      conversations.route(conversationId, target, null);
      events.record(conversationId, conversation.protocol(), ProtocolEvents.Type.TRANSFERRED_TO_QUEUE, ProtocolEvents.SYSTEM,
          target, null, null);
    }
  }
}
