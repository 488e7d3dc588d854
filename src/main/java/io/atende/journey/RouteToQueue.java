package io.atende.journey;

import io.atende.conversation.ConversationStore;
import io.atende.journey.ConversationProcess.Variables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Moves the conversation to the queue in {@code transferToQueue} (set when the agent completed
 * {@code AttendCustomer}), records the transfer in the audit trail and clears the request.
 */
@Component("routeToQueue")
class RouteToQueue implements JavaDelegate {

  private final ConversationStore conversations;
  private final ProtocolEvents events;
  private final QueueLabels labels;

  RouteToQueue(ConversationStore conversations, ProtocolEvents events, QueueLabels labels) {
    this.conversations = conversations;
    this.events = events;
    this.labels = labels;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long conversationId = JourneyVariables.conversationId(execution);
    String queue = JourneyVariables.string(execution, Variables.TRANSFER_TO_QUEUE);
    if (queue == null || queue.isBlank()) {
      throw new IllegalStateException("Variable '" + Variables.TRANSFER_TO_QUEUE + "' is empty; nothing to route to");
    }
    queue = queue.trim();
    String by = JourneyVariables.string(execution, Variables.TRANSFERRED_BY);
    conversations.route(conversationId, queue, null);
    events.record(conversationId, JourneyVariables.string(execution, Variables.PROTOCOL), ProtocolEvents.Type.TRANSFERRED_TO_QUEUE,
        by != null ? by : JourneyVariables.string(execution, Variables.AGENT_ID), queue, null,
        JourneyVariables.string(execution, Variables.TRANSFER_NOTE));
    execution.setVariable(Variables.QUEUE, queue);
    execution.setVariable(Variables.QUEUE_LABEL, labels.labelOf(queue, JourneyVariables.string(execution, Variables.PHONE_NUMBER_ID)));
    execution.removeVariable(Variables.TRANSFER_TO_QUEUE);
    execution.removeVariable(Variables.TRANSFERRED_BY);
    execution.removeVariable(Variables.TRANSFER_NOTE);
    // the new queue's agents take it now, not the agent who made the contact
    execution.removeVariable(AttendanceProcess.Variables.CONTACT_AGENT);
  }
}
