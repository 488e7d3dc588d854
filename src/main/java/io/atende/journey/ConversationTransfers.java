package io.atende.journey;

import io.atende.journey.ConversationProcess.Elements;
import io.atende.journey.ConversationProcess.Variables;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * R15: transfers of a conversation an agent is working on ({@code AttendCustomer} task), history kept (it is
 * the same conversation and protocol). For the agent desk API.
 * <ul>
 *   <li>{@link #toAgent}: reassigns the task; the new agent's limit of simultaneous conversations applies.
 *   <li>{@link #toQueue}: completes the task with {@code transferToQueue}; the process routes the conversation,
 *       tells the customer and opens a new task in that queue.
 * </ul>
 * Both record who did it, and the note, in the protocol's audit trail. The actor is the user authenticated
 * with the engine ({@link IdentityService#setAuthentication}), else the task's assignee, else {@value ProtocolEvents#SYSTEM}.
 */
@Service
public class ConversationTransfers {

  static final int MAX_NOTE_LENGTH = 2000;

  private final TaskService taskService;
  private final RuntimeService runtimeService;
  private final IdentityService identityService;
  private final ProtocolEvents events;
  private final QueueLabels queues;

  ConversationTransfers(TaskService taskService, RuntimeService runtimeService, IdentityService identityService,
      ProtocolEvents events, QueueLabels queues) {
    this.taskService = taskService;
    this.runtimeService = runtimeService;
    this.identityService = identityService;
    this.events = events;
    this.queues = queues;
  }

  /** Hands the conversation of task {@code taskId} to agent {@code agentId}. */
  @Transactional
  public void toAgent(String taskId, String agentId, String note) {
    toAgent(taskId, agentId, note, null);
  }

  /** As {@link #toAgent(String, String, String)}, done by {@code actor} (e.g. the desk API's user). */
  @Transactional
  public void toAgent(String taskId, String agentId, String note, String actor) {
    Task task = attendTask(taskId);
    if (agentId == null || agentId.isBlank()) {
      throw new TransferRefusedException("Say which agent to transfer the conversation to");
    }
    String agent = agentId.trim();
    if (agent.equals(task.getAssignee())) {
      throw new TransferRefusedException("The conversation is already with agent '" + agent + "'");
    }
    String by = actor != null ? actor : actor(task);
    taskService.setAssignee(taskId, agent);
    Map<String, Object> vars = runtimeService.getVariables(task.getProcessInstanceId(),
        java.util.List.of(Variables.CONVERSATION_ID, Variables.PROTOCOL, Variables.QUEUE));
    events.record(((Number) vars.get(Variables.CONVERSATION_ID)).longValue(), (String) vars.get(Variables.PROTOCOL),
        ProtocolEvents.Type.TRANSFERRED_TO_AGENT, by, (String) vars.get(Variables.QUEUE), agent, note(note));
  }

  /** Moves the conversation of task {@code taskId} to queue {@code queue} (a menu skill or the default queue). */
  @Transactional
  public void toQueue(String taskId, String queue, String note) {
    toQueue(taskId, queue, note, null);
  }

  /** As {@link #toQueue(String, String, String)}, done by {@code actor} (e.g. the desk API's user). */
  @Transactional
  public void toQueue(String taskId, String queue, String note, String actor) {
    Task task = attendTask(taskId);
    if (queue == null || queue.isBlank()) {
      throw new TransferRefusedException("Say which queue to transfer the conversation to");
    }
    String target = queue.trim();
    String phoneNumberId = (String) runtimeService.getVariable(task.getProcessInstanceId(), Variables.PHONE_NUMBER_ID);
    Map<String, String> known = queues.known(phoneNumberId);
    if (!known.containsKey(target)) {
      throw new TransferRefusedException("Unknown queue '" + target + "'; known queues: " + String.join(", ", known.keySet()));
    }
    if (target.equals(runtimeService.getVariable(task.getProcessInstanceId(), Variables.QUEUE))) {
      throw new TransferRefusedException("The conversation is already in queue '" + target + "'");
    }
    taskService.complete(taskId, org.camunda.bpm.engine.variable.Variables.createVariables()
        .putValue(Variables.TRANSFER_TO_QUEUE, target)
        .putValue(Variables.TRANSFERRED_BY, actor != null ? actor : actor(task))
        .putValueTyped(Variables.TRANSFER_NOTE, org.camunda.bpm.engine.variable.Variables.stringValue(note(note), true)));
  }

  private Task attendTask(String taskId) {
    Task task = taskId == null ? null : taskService.createTaskQuery().taskId(taskId).singleResult();
    if (task == null) {
      throw new TransferRefusedException("No open task '" + taskId + "'");
    }
    if (!AttendanceProcess.Elements.ATTEND_CUSTOMER.equals(task.getTaskDefinitionKey())) {
      throw new TransferRefusedException("Task '" + taskId + "' is not a conversation with a customer ("
          + task.getTaskDefinitionKey() + ")");
    }
    return task;
  }

  private String actor(Task task) {
    Authentication authentication = identityService.getCurrentAuthentication();
    if (authentication != null && authentication.getUserId() != null) {
      return authentication.getUserId();
    }
    return task.getAssignee() != null ? task.getAssignee() : ProtocolEvents.SYSTEM;
  }

  private static String note(String note) {
    if (note == null || note.isBlank()) {
      return null;
    }
    if (note.length() > MAX_NOTE_LENGTH) {
      throw new TransferRefusedException("The note has " + note.length() + " characters; at most " + MAX_NOTE_LENGTH + " are kept");
    }
    return note.trim();
  }

  /** The transfer cannot be done as asked; nothing changed. */
  public static class TransferRefusedException extends RuntimeException {
    TransferRefusedException(String message) {
      super(message);
    }
  }
}
