package io.atende.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(properties = {
    "spring.datasource.url=jdbc:h2:mem:agent-directory;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
class AgentDirectoryBootstrapTest {

  @Autowired AgentDirectoryBootstrap bootstrap;
  @Autowired IdentityService identity;
  @Autowired FilterService filters;
  @Autowired AuthorizationService authorizations;
  @Value("${camunda.bpm.filter.create}") String allTasksFilter;

  @Test
  void configuredQueuesAndAgentsExistAfterStart() {
    assertThat(identity.createGroupQuery().groupIdIn("comercial", "financeiro", "suporte", "supervisors").count()).isEqualTo(4);
    assertThat(identity.checkPassword("ana", "ana")).isTrue();
    assertThat(identity.createGroupQuery().groupMember("ana").list()).extracting("id").containsExactlyInAnyOrder("atendimento", "comercial", "financeiro");
    assertThat(filters.createFilterQuery().filterName(AgentDirectoryBootstrap.FILTER_MY_QUEUES).count()).isEqualTo(1);
  }

  @Test
  void queueMembersMayUseTasklistButNotCockpit() {
    assertThat(authorizations.isUserAuthorized("bruno", java.util.List.of("suporte"), Permissions.ACCESS, Resources.APPLICATION, "tasklist")).isTrue();
    assertThat(authorizations.isUserAuthorized("bruno", java.util.List.of("suporte"), Permissions.ACCESS, Resources.APPLICATION, "cockpit")).isFalse();
    assertThat(authorizations.isUserAuthorized("carla", java.util.List.of("supervisors"), Permissions.ACCESS, Resources.APPLICATION, "cockpit")).isTrue();
  }

  @Test
  void runningAgainCreatesNothingTwice() {
    long authorizationsBefore = authorizations.createAuthorizationQuery().count();
    bootstrap.run(new DefaultApplicationArguments());
    assertThat(filters.createFilterQuery().filterName(AgentDirectoryBootstrap.FILTER_MY_QUEUES).count()).isEqualTo(1);
    assertThat(identity.createGroupQuery().groupMember("ana").count()).isEqualTo(3);
    assertThat(authorizations.createAuthorizationQuery().count()).isEqualTo(authorizationsBefore);
  }

  /**
   * Tasklist opens on the filter of lowest priority and keeps whichever came first among those without one: every
   * filter has a priority, so everyone lands on "Minhas filas" whatever order the database lists the filters in.
   */
  @Test
  void tasklistOpensOnMyQueuesWhateverOrderTheDatabaseListsTheFiltersIn() {
    List<Filter> all = filters.createFilterQuery().list();
    assertThat(all).extracting(Filter::getName).contains(allTasksFilter, AgentDirectoryBootstrap.FILTER_MY_QUEUES);
    assertThat(all).allSatisfy(filter -> assertThat(filter.getProperties().get("priority")).as(filter.getName()).isInstanceOf(Number.class));
    assertThat(all.stream().min(Comparator.comparingInt(filter -> ((Number) filter.getProperties().get("priority")).intValue())))
        .get().extracting(Filter::getName).isEqualTo(AgentDirectoryBootstrap.FILTER_MY_QUEUES);
    assertThat(priorityOf(allTasksFilter)).isEqualTo(AgentDirectoryBootstrap.ALL_TASKS_PRIORITY);
  }

  @Test
  void anAllTasksFilterWithoutPriorityGetsOneOnTheNextStartAndOneSetInTasklistIsKept() {
    Map<String, Object> asStarted = filters.createFilterQuery().filterName(allTasksFilter).singleResult().getProperties();
    try {
      setPriorityOfAllTasksFilter(null);
      bootstrap.run(new DefaultApplicationArguments());
      assertThat(priorityOf(allTasksFilter)).isEqualTo(AgentDirectoryBootstrap.ALL_TASKS_PRIORITY);

      setPriorityOfAllTasksFilter(3);
      bootstrap.run(new DefaultApplicationArguments());
      assertThat(priorityOf(allTasksFilter)).isEqualTo(3);
    } finally {
      Filter filter = filters.createFilterQuery().filterName(allTasksFilter).singleResult();
      filters.saveFilter(filter.setProperties(asStarted));
    }
  }

  private Object priorityOf(String name) {
    return filters.createFilterQuery().filterName(name).singleResult().getProperties().get("priority");
  }

  private void setPriorityOfAllTasksFilter(Integer priority) {
    Filter filter = filters.createFilterQuery().filterName(allTasksFilter).singleResult();
    Map<String, Object> properties = filter.getProperties() == null ? new HashMap<>() : new HashMap<>(filter.getProperties());
    if (priority == null) {
      properties.remove("priority");
    } else {
      properties.put("priority", priority);
    }
    filters.saveFilter(filter.setProperties(properties));
  }
}
