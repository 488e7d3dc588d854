package io.atende.agent;

import io.atende.journey.ConversationProcess;
import java.util.List;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/** The desk's view of Camunda tasks: which conversation a task serves, its queues and assignee. */
@Component
class DeskTasks {

  private final TaskService taskService;

  DeskTasks(TaskService taskService) {
    this.taskService = taskService;
  }

  record AgentTask(String id, String name, long conversationId, String assignee, List<String> candidateGroups) {}

  AgentTask find(String taskId) {
    Task task = taskService.createTaskQuery().taskId(taskId).singleResult();
    if (task == null) {
      throw new DeskExceptions.NotFound("No open task " + taskId);
    }
    Object conversationId = taskService.getVariable(taskId, ConversationProcess.Variables.CONVERSATION_ID);
    if (!(conversationId instanceof Long id)) {
      throw new DeskExceptions.NotFound("Task " + taskId + " serves no conversation");
    }
    List<String> groups = taskService.getIdentityLinksForTask(taskId).stream()
        .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
        .map(IdentityLink::getGroupId).toList();
    return new AgentTask(task.getId(), task.getName(), id, task.getAssignee(), groups);
  }

  /** The open agent task of a conversation, if it waits for or is with an agent. */
  java.util.Optional<AgentTask> forConversation(long conversationId) {
    return taskService.createTaskQuery().processVariableValueEquals(ConversationProcess.Variables.CONVERSATION_ID, conversationId)
        .active().list()
        .stream().findFirst().map(t -> find(t.getId()));
  }
}
