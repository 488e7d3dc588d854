package io.atende.agent;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import io.atende.journey.AttendanceProcess;
import io.atende.journey.ConversationProcess;
import io.atende.journey.outreach.OutreachProcess;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Creates the configured queues (groups), agents (users, memberships), their authorizations and the
 * agents' Tasklist filters, once: what exists already is left alone.
 */
@Component
class AgentDirectoryBootstrap implements ApplicationRunner {

  static final String FILTER_MY_QUEUES = "Minhas filas";
  static final String FILTER_MY_CONVERSATIONS = "Minhas conversas";
  /** Where the starter's unfiltered list ({@code camunda.bpm.filter.create}) goes: after the agents' own filters. */
  static final int ALL_TASKS_PRIORITY = 10;
  private static final Logger log = LoggerFactory.getLogger(AgentDirectoryBootstrap.class);

  private final AgentsProperties properties;
  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final FilterService filters;
  private final TaskService tasks;
  private final boolean demo;
  private final AgentStore agentStore;
  private final TaskGrants taskGrants;
  private final String allTasksFilter;

  AgentDirectoryBootstrap(AgentsProperties properties, IdentityService identity, AuthorizationService authorizations,
      FilterService filters, TaskService tasks, Environment environment, AgentStore agentStore, TaskGrants taskGrants) {
    this.demo = io.atende.platform.ProductionDefaults.isDemo(environment);
    this.allTasksFilter = environment.getProperty("camunda.bpm.filter.create", "");
    this.agentStore = agentStore;
    this.taskGrants = taskGrants;
    this.properties = properties;
    this.identity = identity;
    this.authorizations = authorizations;
    this.filters = filters;
    this.tasks = tasks;
  }

  @Override
  public void run(ApplicationArguments args) {
    properties.queues().forEach(q -> {
      if (ensureGroup(q.id(), q.name())) {
        grantAgentAccess(q.id());
      }
      // added after the first release: granted on every start, so groups created by an earlier version get it too
      grantOutreach(q.id());
      // queues of an earlier version could work every task of the conversation processes: taken back on every start
      revokeDefinitionWideTaskAccess(q.id());
    });
    if (ensureGroup(properties.supervisorGroup(), "Supervisores")) {
      grantAgentAccess(properties.supervisorGroup());
      grantSupervision(properties.supervisorGroup());
    }
    grantOutreach(properties.supervisorGroup());
    properties.users().forEach(this::ensureAgent);
    taskGrants.regrantGroupTasks(properties.queues().stream().map(AgentsProperties.Queue::id).toList());
    ensureFilter(FILTER_MY_QUEUES, tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}").active(), -10);
    ensureFilter(FILTER_MY_CONVERSATIONS, tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}").active(), -5);
    giveAllTasksFilterAPriority();
  }

  /**
   * Tasklist opens on the filter of lowest priority, but a filter without one (the starter creates the unfiltered list,
   * {@code camunda.bpm.filter.create}, without properties) wins or loses by the order of the filters' ids, which are
   * random: from one database to the next an administrator landed on "Todas as tarefas" or on an empty "Minhas filas".
   * It gets a priority after the agents' filters, once; a priority set in Tasklist is left alone.
   */
  private void giveAllTasksFilterAPriority() {
    if (allTasksFilter.isBlank()) {
      return;
    }
    for (Filter filter : filters.createFilterQuery().filterName(allTasksFilter).list()) {
      Map<String, Object> filterProperties = filter.getProperties() == null ? new HashMap<>() : new HashMap<>(filter.getProperties());
      if (!(filterProperties.get("priority") instanceof Number)) {
        filterProperties.put("priority", ALL_TASKS_PRIORITY);
        filters.saveFilter(filter.setProperties(filterProperties));
      }
    }
  }

  /** Creates the group if missing; returns whether it did. */
  private boolean ensureGroup(String id, String name) {
    if (identity.createGroupQuery().groupId(id).count() > 0) {
      return false;
    }
    Group group = identity.newGroup(id);
    group.setName(name);
    group.setType("WORKFLOW");
    identity.saveGroup(group);
    log.info("Created group '{}'", id);
    return true;
  }

  /**
   * What an agent needs in Tasklist: the app and the conversation processes' definitions (names, diagrams, forms). The
   * tasks themselves are granted one by one to the agents who may work them ({@link TaskAccess}), never the whole
   * definition: no READ_TASK, UPDATE_TASK, READ_INSTANCE or READ_HISTORY here.
   */
  private void grantAgentAccess(String id) {
    grant(id, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    for (String process : List.of(ConversationProcess.KEY, AttendanceProcess.KEY)) {
      grant(id, Resources.PROCESS_DEFINITION, process, ProcessDefinitionPermissions.READ);
    }
    grant(id, Resources.DEPLOYMENT, ANY, Permissions.READ);
    // transfers evaluate the menu decision (queue names) on the agent's behalf
    grant(id, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.CREATE_INSTANCE);
  }

  /** Takes back from a queue group the definition-wide rights an earlier version granted (every task, instance, history). */
  private void revokeDefinitionWideTaskAccess(String groupId) {
    for (String process : List.of(ConversationProcess.KEY, AttendanceProcess.KEY)) {
      Authorization authorization = authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
          .groupIdIn(groupId).resourceType(Resources.PROCESS_DEFINITION).resourceId(process).singleResult();
      if (authorization != null && (authorization.isPermissionGranted(ProcessDefinitionPermissions.READ_TASK)
          || authorization.isPermissionGranted(ProcessDefinitionPermissions.UPDATE_TASK)
          || authorization.isPermissionGranted(ProcessDefinitionPermissions.READ_INSTANCE)
          || authorization.isPermissionGranted(ProcessDefinitionPermissions.READ_HISTORY))) {
        authorization.removePermission(ProcessDefinitionPermissions.READ_TASK);
        authorization.removePermission(ProcessDefinitionPermissions.UPDATE_TASK);
        authorization.removePermission(ProcessDefinitionPermissions.READ_INSTANCE);
        authorization.removePermission(ProcessDefinitionPermissions.READ_HISTORY);
        authorizations.saveAuthorization(authorization);
        log.info("Took the definition-wide task rights on '{}' back from queue '{}'", process, groupId);
      }
    }
    authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT).groupIdIn(groupId)
        .resourceType(Resources.HISTORIC_TASK).resourceId(ANY).list().forEach(a -> authorizations.deleteAuthorization(a.getId()));
  }

  /** Active contact and recontact (processes/outreach.bpmn), started from Tasklist or /api/outreach as the agent. */
  private void grantOutreach(String id) {
    grant(id, Resources.PROCESS_DEFINITION, OutreachProcess.KEY, ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.CREATE_INSTANCE);
    grant(id, Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE);
  }

  /** Supervisors see every queue's tasks and the processes in Cockpit. */
  private void grantSupervision(String id) {
    grant(id, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(id, Resources.TASK, ANY, Permissions.READ, Permissions.UPDATE);
    grant(id, Resources.PROCESS_DEFINITION, ANY, Permissions.READ, ProcessDefinitionPermissions.READ_INSTANCE,
        ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_TASK);
    grant(id, Resources.PROCESS_INSTANCE, ANY, Permissions.READ);
  }

  /**
   * Outside a demo (see {@link io.atende.platform.ProductionDefaults#isDemo}) an agent whose password is empty or their
   * own login, as the shipped demo agents' are, is not created: production never gets {@code ana/ana}.
   */
  private void ensureAgent(AgentsProperties.Agent agent) {
    boolean guessable = agent.password() == null || agent.password().isBlank() || agent.password().equals(agent.id());
    if (!demo && guessable) {
      if (identity.createUserQuery().userId(agent.id()).count() == 0) {
        log.warn("Agent '{}' not created: outside a demo an agent's password may be neither empty nor their login", agent.id());
      } else if (agent.password() != null && !agent.password().isBlank() && identity.checkPassword(agent.id(), agent.password())) {
        // made by an earlier start in a demo: still there, still with its guessable password
        log.warn("Agent '{}' still has the password of the demo: change it or delete the user in Camunda Admin", agent.id());
      }
      return;
    }
    if (identity.createUserQuery().userId(agent.id()).count() == 0) {
      User user = identity.newUser(agent.id());
      user.setFirstName(agent.firstName());
      user.setLastName(agent.lastName());
      user.setPassword(agent.password());
      identity.saveUser(user);
      log.info("Created agent '{}'", agent.id());
    }
    // the numbers are the database's from now on (GET/PUT /api/agents); the YAML only seeds an agent without a row
    agentStore.seed(agent.id(), agent.numbers());
    for (String queue : agent.queues()) {
      if (identity.createUserQuery().userId(agent.id()).memberOfGroup(queue).count() == 0) {
        identity.createMembership(agent.id(), queue);
      }
    }
  }

  private void ensureFilter(String name, TaskQuery query, int priority) {
    if (filters.createFilterQuery().filterName(name).count() > 0) {
      return;
    }
    Map<String, Object> filterProperties = new HashMap<>();
    filterProperties.put("priority", priority);
    filterProperties.put("description", name);
    filterProperties.put("refresh", true);
    Filter filter = filters.newTaskFilter(name).setQuery(query).setProperties(filterProperties);
    filters.saveFilter(filter);
    for (AgentsProperties.Queue queue : properties.queues()) {
      grant(queue.id(), Resources.FILTER, filter.getId(), Permissions.READ);
    }
    grant(properties.supervisorGroup(), Resources.FILTER, filter.getId(), Permissions.READ);
  }

  /**
   * Adds the permissions to the group's grant on the resource, creating the grant when there is none: Camunda keeps
   * one grant per group, resource type and resource id, so two calls on one resource (an agent's and a supervisor's
   * needs) add up instead of colliding.
   */
  private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
    Authorization authorization = authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
        .groupIdIn(groupId).resourceType(resource).resourceId(resourceId).singleResult();
    if (authorization == null) {
      authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
      authorization.setGroupId(groupId);
      authorization.setResource(resource);
      authorization.setResourceId(resourceId);
    }
    for (Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizations.saveAuthorization(authorization);
  }
}
