package io.atende.agent;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import io.atende.journey.ConversationProcess.Variables;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Brings the grants of open tasks in line with {@link TaskAccess}'s rule (a task of a number is granted to the members
 * of its queues for whom that number is enabled, READ and the default task permission, never UPDATE; no group holds a
 * grant on it, supervisors see it through their grant on every task): after an
 * administrator changed an agent's numbers, and at start for tasks created by an earlier version (which granted the
 * whole queue group).
 */
@Component
class TaskGrants {

  private static final Logger log = LoggerFactory.getLogger(TaskGrants.class);

  private final TaskService tasks;
  private final RuntimeService runtime;
  private final AuthorizationService authorizations;
  private final IdentityService identity;
  private final AgentStore agents;
  private final ProcessEngineConfigurationImpl configuration;

  TaskGrants(TaskService tasks, RuntimeService runtime, AuthorizationService authorizations, IdentityService identity,
      AgentStore agents, ProcessEngineConfiguration configuration) {
    this.tasks = tasks;
    this.runtime = runtime;
    this.authorizations = authorizations;
    this.identity = identity;
    this.agents = agents;
    this.configuration = (ProcessEngineConfigurationImpl) configuration;
  }

  /** Open tasks still granted to a whole queue group (made before number-scoped grants): regranted per agent. */
  int regrantGroupTasks(List<String> queueIds) {
    if (queueIds.isEmpty()) {
      return 0;
    }
    Set<String> taskIds = new LinkedHashSet<>();
    authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT).resourceType(Resources.TASK)
        .groupIdIn(queueIds.toArray(String[]::new)).list().forEach(a -> taskIds.add(a.getResourceId()));
    int done = 0;
    for (String taskId : taskIds) {
      Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
      if (task != null && resync(task, null)) {
        done++;
      }
    }
    if (done > 0) {
      log.info("Granted {} open task(s) per agent and number instead of per queue", done);
    }
    return done;
  }

  /** Grants or takes away the user's open tasks of numbers after their numbers changed. */
  void resyncUser(String userId) {
    // the tasks of the user's queues, and those the user holds a grant on (of queues they left)
    Set<String> taskIds = new LinkedHashSet<>();
    List<String> groups = identity.createGroupQuery().groupMember(userId).list().stream().map(org.camunda.bpm.engine.identity.Group::getId).toList();
    if (!groups.isEmpty()) {
      tasks.createTaskQuery().taskCandidateGroupIn(groups).includeAssignedTasks().list().forEach(t -> taskIds.add(t.getId()));
    }
    authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT).resourceType(Resources.TASK).userIdIn(userId)
        .list().forEach(a -> taskIds.add(a.getResourceId()));
    for (String taskId : taskIds) {
      Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
      if (task != null) {
        resync(task, userId);
      }
    }
  }

  /**
   * Makes the task's grants follow the rule; with {@code onlyUser}, that user's only. Returns false when the task serves
   * no number (left as the engine made it).
   */
  private boolean resync(Task task, String onlyUser) {
    if (task.getExecutionId() == null
        || !(runtime.getVariable(task.getExecutionId(), Variables.PHONE_NUMBER_ID) instanceof String number)) {
      return false;
    }
    List<String> groups = tasks.getIdentityLinksForTask(task.getId()).stream()
        .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null).map(IdentityLink::getGroupId).toList();
    Set<String> enabled = agents.usersWithNumber(number);
    Set<String> eligible = new HashSet<>();
    for (String group : groups) {
      identity.createUserQuery().memberOfGroup(group).list().stream().map(User::getId).filter(enabled::contains).forEach(eligible::add);
    }
    if (task.getAssignee() != null) {
      eligible.add(task.getAssignee());
    }
    Permission work = configuration.getDefaultUserPermissionForTask();
    if (onlyUser == null) {
      authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT).resourceType(Resources.TASK)
          .resourceId(task.getId()).list().stream().filter(a -> a.getGroupId() != null)
          .forEach(a -> authorizations.deleteAuthorization(a.getId()));
    }
    Set<String> granted = new HashSet<>();
    for (Authorization grant : authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
        .resourceType(Resources.TASK).resourceId(task.getId()).list()) {
      String user = grant.getUserId();
      if (user == null || Authorization.ANY.equals(user) || (onlyUser != null && !onlyUser.equals(user))) {
        continue;
      }
      if (!eligible.contains(user)) {
        authorizations.deleteAuthorization(grant.getId());
        continue;
      }
      if (grant.isPermissionGranted(Permissions.UPDATE) || !grant.isPermissionGranted(work)) {
        grant.removePermission(Permissions.UPDATE);
        grant.addPermission(Permissions.READ);
        grant.addPermission(work);
        authorizations.saveAuthorization(grant);
      }
      granted.add(user);
    }
    for (String user : eligible) {
      if (granted.contains(user) || (onlyUser != null && !onlyUser.equals(user))) {
        continue;
      }
      Authorization grant = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
      grant.setUserId(user);
      grant.setResource(Resources.TASK);
      grant.setResourceId(task.getId());
      grant.addPermission(Permissions.READ);
      grant.addPermission(work);
      authorizations.saveAuthorization(grant);
      if (configuration.isEnableHistoricInstancePermissions() && authorizations.createAuthorizationQuery()
          .resourceType(Resources.HISTORIC_TASK).resourceId(task.getId()).userIdIn(user).count() == 0) {
        Authorization history = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
        history.setUserId(user);
        history.setResource(Resources.HISTORIC_TASK);
        history.setResourceId(task.getId());
        history.addPermission(HistoricTaskPermissions.READ);
        authorizations.saveAuthorization(history);
      }
    }
    return true;
  }
}
