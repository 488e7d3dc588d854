package io.atende.journey;

import io.atende.conversation.ConversationStore;
import io.atende.journey.ConversationProcess.Variables;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the conversation's agent in step with {@code AttendCustomer}'s assignee: on the conversation row
 * (so a customer's reply can find its agent), in {@code agentId}, and in the audit trail.
 */
@Component("recordAssignment")
class RecordAssignment implements TaskListener {

  private final ConversationStore conversations;
  private final ProtocolEvents events;

  RecordAssignment(ConversationStore conversations, ProtocolEvents events) {
    this.conversations = conversations;
    this.events = events;
  }

  @Override
  public void notify(DelegateTask task) {
    long conversationId = JourneyVariables.conversationId(task);
    String agent = task.getAssignee();
    String queue = JourneyVariables.string(task, Variables.QUEUE);
    conversations.route(conversationId, queue, agent);
    if (agent != null) {
      task.getExecution().setVariable(Variables.AGENT_ID, agent);
    }
    events.record(conversationId, JourneyVariables.string(task, Variables.PROTOCOL),
        agent == null ? ProtocolEvents.Type.UNASSIGNED : ProtocolEvents.Type.ASSIGNED, agent, queue, agent, null);
  }
}
