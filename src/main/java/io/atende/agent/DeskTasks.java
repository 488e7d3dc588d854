package io.atende.agent;

import io.atende.conversation.ConversationStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * The desk's view of Camunda tasks: which conversation a task serves, its queues and assignee. The conversation is
 * the one attached to the task's process instance (or its caller) by the engine-side code
 * ({@code conversation.process_instance_id}), never a process variable, which whoever works the task could set. The
 * lookups run without the caller's engine authorizations: {@link DeskAccess} decides, so that a task that exists but
 * is not the user's answers 403 rather than 404.
 */
@Component
class DeskTasks {

  private final TaskService taskService;
  private final RuntimeService runtime;
  private final IdentityService identity;
  private final ConversationStore conversations;

  DeskTasks(TaskService taskService, RuntimeService runtime, IdentityService identity, ConversationStore conversations) {
    this.taskService = taskService;
    this.runtime = runtime;
    this.identity = identity;
    this.conversations = conversations;
  }

  record AgentTask(String id, String name, long conversationId, String assignee, List<String> candidateGroups) {}

  AgentTask find(String taskId) {
    return asSystem(() -> {
      Task task = taskService.createTaskQuery().taskId(taskId).singleResult();
      if (task == null || task.getProcessInstanceId() == null) {
        throw new DeskExceptions.NotFound("No open task " + taskId);
      }
      long conversationId = conversations.findByProcessInstance(processTree(task.getProcessInstanceId()))
          .orElseThrow(() -> new DeskExceptions.NotFound("Task " + taskId + " serves no conversation")).id();
      return agentTask(task, conversationId);
    });
  }

  /** The open agent task of a conversation, if it waits for or is with an agent. */
  Optional<AgentTask> forConversation(long conversationId) {
    return asSystem(() -> {
      String root = conversations.findById(conversationId).map(ConversationStore.Conversation::processInstanceId).orElse(null);
      if (root == null) {
        return Optional.<AgentTask>empty();
      }
      List<String> instances = new ArrayList<>();
      List<String> level = List.of(root);
      for (int depth = 0; depth < 3 && !level.isEmpty(); depth++) {
        instances.addAll(level);
        List<String> next = new ArrayList<>();
        for (String id : level) {
          runtime.createProcessInstanceQuery().superProcessInstanceId(id).list().forEach(p -> next.add(p.getId()));
        }
        level = next;
      }
      return taskService.createTaskQuery().processInstanceIdIn(instances.toArray(String[]::new)).active().list().stream()
          .findFirst().map(t -> agentTask(t, conversationId));
    });
  }

  /** The task's process instance, its caller and its root: where the conversation may be attached. */
  private List<String> processTree(String processInstanceId) {
    List<String> ids = new ArrayList<>(List.of(processInstanceId));
    ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).singleResult();
    if (instance != null) {
      ids.add(instance.getRootProcessInstanceId());
    }
    ProcessInstance caller = runtime.createProcessInstanceQuery().subProcessInstanceId(processInstanceId).singleResult();
    if (caller != null) {
      ids.add(caller.getId());
    }
    return ids;
  }

  private AgentTask agentTask(Task task, long conversationId) {
    List<String> groups = taskService.getIdentityLinksForTask(task.getId()).stream()
        .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
        .map(IdentityLink::getGroupId).toList();
    return new AgentTask(task.getId(), task.getName(), conversationId, task.getAssignee(), groups);
  }

  /** Runs engine calls without the request user's authorizations (the desk checks access itself), then restores them. */
  <T> T asSystem(Supplier<T> work) {
    Authentication current = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      return work.get();
    } finally {
      if (current != null) {
        identity.setAuthentication(current);
      }
    }
  }
}
