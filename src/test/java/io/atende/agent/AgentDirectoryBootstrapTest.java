package io.atende.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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
}
