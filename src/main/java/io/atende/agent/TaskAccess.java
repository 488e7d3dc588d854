package io.atende.agent;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.journey.ConversationProcess.Variables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.UserQueryImpl;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import io.atende.platform.CurrentUser;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * R17 in the engine itself, so that Tasklist, {@code /engine-rest} and {@code /api} see the same thing.
 * <ul>
 *   <li>A task of a WhatsApp number (its process has {@code phoneNumberId}) offered to a queue (candidate group) is not
 *       granted to the group, as Camunda does by default, but to each member of the group for whom that number is
 *       enabled ({@link AgentStore}): READ and the configured default task permission (TASK_WORK: claim and
 *       complete, but no variable change). Task queries are filtered by these grants, so every list (Tasklist's
 *       filters, {@code GET /engine-rest/task}) shows an agent only the tasks of their queues on their numbers.
 *       {@link TaskGrants} brings the grants of open tasks up to date when an agent's numbers change. The engine is set
 *       to TASK_WORK as the default task permission (not UPDATE) and to per-task history grants
 *       ({@code enableHistoricInstancePermissions}).
 *   <li>A user task's completion cannot move the process to another conversation: whatever variables the completing
 *       user sends, {@code conversationId}, {@code customerId} and {@code phoneNumberId} are set back from the
 *       conversation row that belongs to the process instance ({@code conversation.process_instance_id}).
 * </ul>
 */
@Component
class TaskAccess extends AbstractProcessEnginePlugin {

  /** What an eligible agent holds on a task besides the configured default permission. */
  static final Permission[] RUNTIME = {Permissions.READ};
  private static final Logger log = LoggerFactory.getLogger(TaskAccess.class);

  private final ObjectProvider<AgentStore> agents;
  private final ObjectProvider<ConversationStore> conversations;

  private final ObjectProvider<DeskAccess> access;

  TaskAccess(ObjectProvider<AgentStore> agents, ObjectProvider<ConversationStore> conversations, ObjectProvider<DeskAccess> access) {
    this.agents = agents;
    this.conversations = conversations;
    this.access = access;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    // who works a task may claim and complete it, not change its variables (UPDATE would let them)
    configuration.setDefaultUserPermissionNameForTask("TASK_WORK");
    // who had a task may read its history; nobody else but supervisors
    configuration.setEnableHistoricInstancePermissions(true);
    configuration.setResourceAuthorizationProvider(new NumberScopedTaskAuthorizations());
    if (configuration.getCustomPreBPMNParseListeners() == null) {
      configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
    }
    TaskListener keepConversation = this::keepConversation;
    TaskListener assigneeMayServeTheNumber = this::checkAssignee;
    configuration.getCustomPreBPMNParseListeners().add(new AbstractBpmnParseListener() {
      @Override
      public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
        if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
          userTask.getTaskDefinition().addTaskListener(TaskListener.EVENTNAME_COMPLETE, keepConversation);
          userTask.getTaskDefinition().addTaskListener(TaskListener.EVENTNAME_ASSIGNMENT, assigneeMayServeTheNumber);
        }
      }
    });
  }

  /** The number a task serves: its process's {@code phoneNumberId}, if any. */
  static String numberOf(Task task) {
    if (task instanceof TaskEntity entity && entity.getExecution() != null
        && entity.getExecution().getVariable(Variables.PHONE_NUMBER_ID) instanceof String number) {
      return number;
    }
    return null;
  }

  /** The process instances a task's conversation may be attached to: the task's, its caller's and the root. */
  static List<String> processInstancesOf(ExecutionEntity execution) {
    List<String> ids = new ArrayList<>();
    ExecutionEntity instance = execution.getProcessInstance();
    ids.add(instance.getId());
    if (instance.getSuperExecution() != null) {
      ids.add(instance.getSuperExecution().getProcessInstanceId());
    }
    ids.add(execution.getRootProcessInstanceId());
    return ids;
  }

  private void keepConversation(DelegateTask task) {
    if (!(task.getExecution() instanceof ExecutionEntity execution)) {
      return;
    }
    Optional<Conversation> conversation = conversations.getObject().findByProcessInstance(processInstancesOf(execution));
    if (conversation.isEmpty()) {
      return;
    }
    Conversation c = conversation.get();
    restore(execution, Variables.CONVERSATION_ID, c.id(), task);
    restore(execution, Variables.CUSTOMER_ID, c.customerId(), task);
    restore(execution, Variables.PHONE_NUMBER_ID, c.phoneNumberId(), task);
  }

  /**
   * A task of a WhatsApp number goes only to an existing user for whom that number is enabled (or a supervisor or
   * administrator), however it is assigned: a claim, a supervisor's assignment in Tasklist, {@code /engine-rest}. The
   * engine refuses any other assignment with {@link AssigneeRefusedException} (400 on {@code /engine-rest}).
   */
  private void checkAssignee(DelegateTask task) {
    String assignee = task.getAssignee();
    String number = task.getVariable(Variables.PHONE_NUMBER_ID) instanceof String n ? n : null;
    if (assignee == null || number == null) {
      return;
    }
    List<String> groups = Context.getCommandContext().runWithoutAuthorization(() -> {
      IdentityService identity = task.getProcessEngineServices().getIdentityService();
      return identity.createUserQuery().userId(assignee).count() == 0 ? null
          : identity.createGroupQuery().groupMember(assignee).list().stream().map(Group::getId).toList();
    });
    if (groups == null) {
      throw new AssigneeRefusedException("No user '" + assignee + "' to assign the task to");
    }
    if (!access.getObject().mayUseNumber(new CurrentUser(assignee, groups), number)) {
      throw new AssigneeRefusedException("WhatsApp number " + number + " is not enabled for user '" + assignee
          + "'; enable it for them (Agentes page, /api/agents) or assign the task to someone else");
    }
  }

  /** An assignment to a user who does not exist or may not serve the task's number. */
  public static class AssigneeRefusedException extends BadUserRequestException {
    AssigneeRefusedException(String message) {
      super(message);
    }
  }

  private static void restore(ExecutionEntity execution, String name, Object trusted, DelegateTask task) {
    Object current = execution.getVariable(name);
    if (current != null && !current.equals(trusted)) {
      log.warn("Completion of task {} changed variable '{}'; set back to the conversation's own value", task.getId(), name);
      execution.setVariable(name, trusted);
    }
  }

  /** Members of a candidate group get the task only when its number is enabled for them; the group itself gets nothing. */
  private class NumberScopedTaskAuthorizations extends DefaultAuthorizationProvider {

    @Override
    public AuthorizationEntity[] newTaskGroupIdentityLink(Task task, String groupId, String type) {
      String number = numberOf(task);
      if (number == null || !IdentityLinkType.CANDIDATE.equals(type)) {
        return super.newTaskGroupIdentityLink(task, groupId, type);
      }
      List<AuthorizationEntity> grants = new ArrayList<>();
      for (String userId : eligibleMembers(groupId, number)) {
        grants.addAll(Arrays.asList(createOrUpdateAuthorizationsByUserId(task, userId)));
      }
      return grants.toArray(new AuthorizationEntity[0]);
    }

    private Set<String> eligibleMembers(String groupId, String number) {
      CommandContext context = Context.getCommandContext();
      boolean checking = context.isAuthorizationCheckEnabled();
      context.disableAuthorizationCheck();
      try {
        Set<String> enabled = agents.getObject().usersWithNumber(number);
        Set<String> members = new LinkedHashSet<>();
        UserQueryImpl query = (UserQueryImpl) context.getReadOnlyIdentityProvider().createUserQuery(context).memberOfGroup(groupId);
        for (User user : query.executeList(context, null)) {
          if (enabled.contains(user.getId())) {
            members.add(user.getId());
          }
        }
        return members;
      } finally {
        if (checking) {
          context.enableAuthorizationCheck();
        }
      }
    }
  }
}
