package io.atende.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.atende.conversation.ConversationStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * R17 through every door, as a hostile agent: ana serves comercial (and more) on the first number only; bruno serves
 * suporte. What is not theirs is an empty list, 403 or 404, on Camunda's REST API as on ours, and Tasklist's filters
 * list the same.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:access-doors;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.whatsapp.numbers[0].phone-number-id=106540352242922",
    "atende.whatsapp.numbers[0].display-phone-number=5511940000000",
    "atende.whatsapp.numbers[1].phone-number-id=" + AccessThroughEveryDoorTest.SECOND,
    "atende.whatsapp.numbers[1].display-phone-number=5511940000001"})
@Import(QueuedConversations.class)
class AccessThroughEveryDoorTest {

  static final String NUMBER = QueuedConversations.NUMBER;
  static final String SECOND = "206540352242933";

  @Autowired TestRestTemplate rest;
  @Autowired QueuedConversations queued;
  @Autowired TaskService taskService;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @Autowired FilterService filters;
  @Autowired ConversationStore conversations;
  @Autowired org.camunda.bpm.engine.AuthorizationService authorizations;
  @Autowired AgentDirectoryBootstrap bootstrap;

  private TestRestTemplate as(String user) {
    return rest.withBasicAuth(user, user);
  }

  private List<String> taskIds(String user, String url) {
    ResponseEntity<String> response = as(user).exchange(url, HttpMethod.GET, null, String.class);
    assertThat(response.getStatusCode()).as(user + " GET " + url + ": " + response.getBody()).isEqualTo(HttpStatus.OK);
    try {
      List<Map<String, Object>> items = new com.fasterxml.jackson.databind.ObjectMapper().readValue(response.getBody(),
          new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() {});
      return items.stream().map(t -> (String) t.get("id")).toList();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(user + " GET " + url + ": " + response.getBody(), e);
    }
  }

  private String attendanceInstance(String taskId) {
    return taskService.createTaskQuery().taskId(taskId).singleResult().getProcessInstanceId();
  }

  @Test
  void agentOfAnotherQueueOrNumberReachesNothingThroughEngineRest() {
    QueuedConversations.Waiting mine = queued.inQueue("5511922220001", "comercial", NUMBER, Duration.ofMinutes(5));
    QueuedConversations.Waiting otherQueue = queued.inQueue("5511922220002", "suporte", NUMBER, Duration.ofMinutes(5));
    QueuedConversations.Waiting otherNumber = queued.inQueue("5511922220003", "comercial", SECOND, Duration.ofMinutes(5));

    List<String> listed = taskIds("ana", "/engine-rest/task?maxResults=1000");
    assertThat(listed).contains(mine.taskId()).doesNotContain(otherQueue.taskId(), otherNumber.taskId());
    assertThat(taskIds("bruno", "/engine-rest/task?maxResults=1000")).contains(otherQueue.taskId()).doesNotContain(mine.taskId());
    assertThat(taskIds("carla", "/engine-rest/task?maxResults=1000")).as("the supervisor sees every queue and number")
        .contains(mine.taskId(), otherQueue.taskId(), otherNumber.taskId());
    assertThat(as("ana").getForEntity("/engine-rest/task/count", Map.class).getBody().get("count")).isEqualTo(
        (int) listed.size());

    for (QueuedConversations.Waiting foreign : List.of(otherQueue, otherNumber)) {
      String task = "/engine-rest/task/" + foreign.taskId();
      assertThat(as("ana").getForEntity(task, String.class).getStatusCode()).isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
      assertThat(as("ana").getForEntity(task + "/variables", String.class).getStatusCode()).isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
      assertThat(as("ana").getForEntity(task + "/form-variables", String.class).getStatusCode()).isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
      assertThat(as("ana").postForEntity(task + "/claim", Map.of("userId", "ana"), String.class).getStatusCode())
          .isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
      assertThat(as("ana").postForEntity(task + "/complete", Map.of(), String.class).getStatusCode())
          .isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
      assertThat(as("ana").postForEntity(task + "/assignee", Map.of("userId", "ana"), String.class).getStatusCode())
          .isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
      String instance = attendanceInstance(foreign.taskId());
      assertThat(as("ana").getForEntity("/engine-rest/process-instance/" + instance + "/variables", String.class).getStatusCode())
          .isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
      assertThat(taskIds("ana", "/engine-rest/history/task?processInstanceId=" + instance)).isEmpty();
      assertThat(taskIds("ana", "/engine-rest/history/variable-instance?processInstanceId=" + instance)).isEmpty();
      assertThat(taskIds("ana", "/engine-rest/variable-instance?processInstanceIdIn=" + instance)).isEmpty();
      assertThat(taskIds("ana", "/engine-rest/history/process-instance?processInstanceId=" + instance)).isEmpty();
      assertThat(as("ana").getForEntity("/api/desk/tasks/" + foreign.taskId(), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(as("ana").getForEntity("/api/desk/conversations/" + foreign.conversationId() + "/messages", String.class)
          .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(as("ana").postForEntity("/api/desk/conversations/" + foreign.conversationId() + "/messages", Map.of("text", "oi"),
          String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(taskService.createTaskQuery().taskId(foreign.taskId()).singleResult().getAssignee()).isNull();
    }
    assertThat(taskIds("ana", "/engine-rest/history/task?processInstanceId=" + attendanceInstance(mine.taskId())))
        .as("the history of her own task").isNotEmpty();
  }

  @Test
  void tasklistFiltersListOnlyTheAgentsQueuesAndNumbers() {
    QueuedConversations.Waiting mine = queued.inQueue("5511922220011", "comercial", NUMBER, Duration.ofMinutes(5));
    QueuedConversations.Waiting otherQueue = queued.inQueue("5511922220012", "suporte", NUMBER, Duration.ofMinutes(5));
    QueuedConversations.Waiting otherNumber = queued.inQueue("5511922220013", "comercial", SECOND, Duration.ofMinutes(5));
    String filter = filters.createFilterQuery().filterName(AgentDirectoryBootstrap.FILTER_MY_QUEUES).singleResult().getId();
    assertThat(taskIds("ana", "/engine-rest/filter/" + filter + "/list?maxResults=1000"))
        .contains(mine.taskId()).doesNotContain(otherQueue.taskId(), otherNumber.taskId());
    assertThat(as("ana").getForEntity("/engine-rest/filter/" + filter + "/count", Map.class).getBody().get("count"))
        .isEqualTo(taskIds("ana", "/engine-rest/filter/" + filter + "/list?maxResults=1000").size());
  }

  @Test
  void rewritingTheConversationOfTheAgentsOwnTaskGivesNothing() {
    QueuedConversations.Waiting mine = queued.inQueue("5511922220021", "comercial", NUMBER, Duration.ofMinutes(5));
    QueuedConversations.Waiting other = queued.inQueue("5511922220022", "suporte", NUMBER, Duration.ofMinutes(5));
    String task = "/engine-rest/task/" + mine.taskId();
    assertThat(as("ana").postForEntity(task + "/claim", Map.of("userId", "ana"), String.class).getStatusCode())
        .as("she works her own task").isEqualTo(HttpStatus.NO_CONTENT);

    Map<String, Object> forged = Map.of("value", other.conversationId(), "type", "Long");
    assertThat(as("ana").exchange(task + "/variables/conversationId", HttpMethod.PUT, new HttpEntity<>(forged), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("ana").postForEntity(task + "/variables", Map.of("modifications", Map.of("conversationId", forged)), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("ana").exchange(task + "/localVariables/conversationId", HttpMethod.PUT, new HttpEntity<>(forged), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("ana").exchange("/engine-rest/process-instance/" + attendanceInstance(mine.taskId()) + "/variables/conversationId",
        HttpMethod.PUT, new HttpEntity<>(forged), String.class).getStatusCode()).isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);

    // even a variable written behind the desk's back does not move the desk to another conversation
    taskService.setVariable(mine.taskId(), "conversationId", other.conversationId());
    Map<String, Object> desk = as("ana").getForEntity("/api/desk/tasks/" + mine.taskId(), Map.class).getBody();
    assertThat(((Number) desk.get("conversationId")).longValue()).isEqualTo(mine.conversationId());
    assertThat(desk.get("protocol")).isEqualTo(mine.protocol());
    taskService.setVariable(mine.taskId(), "conversationId", mine.conversationId());

    // completing her task with another conversation's id: the process keeps its own conversation
    String attendance = attendanceInstance(mine.taskId());
    assertThat(as("ana").postForEntity(task + "/complete", Map.of("variables", Map.of("conversationId", forged)), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    Object kept = history.createHistoricVariableInstanceQuery().processInstanceId(attendance).variableName("conversationId")
        .singleResult().getValue();
    assertThat(kept).isEqualTo(mine.conversationId());
    assertThat(conversations.findById(other.conversationId()).orElseThrow().status()).isEqualTo(ConversationStore.Status.OPEN);
    assertThat(taskService.createTaskQuery().taskId(other.taskId()).count()).isEqualTo(1);
  }

  /** A database made by an earlier version: queue groups with rights on every task, open tasks granted to whole groups. */
  @Test
  void startTakesBackWhatAnEarlierVersionGrantedQueues() {
    QueuedConversations.Waiting waiting = queued.inQueue("5511922220031", "suporte", NUMBER, Duration.ofMinutes(5));
    QueuedConversations.Waiting otherNumber = queued.inQueue("5511922220032", "comercial", SECOND, Duration.ofMinutes(5));
    for (QueuedConversations.Waiting w : List.of(waiting, otherNumber)) {
      authorizations.createAuthorizationQuery().resourceType(org.camunda.bpm.engine.authorization.Resources.TASK).resourceId(w.taskId())
          .list().forEach(a -> authorizations.deleteAuthorization(a.getId()));
      legacyGrant("suporte", org.camunda.bpm.engine.authorization.Resources.TASK, w.taskId(),
          org.camunda.bpm.engine.authorization.Permissions.READ, org.camunda.bpm.engine.authorization.Permissions.UPDATE);
      legacyGrant("comercial", org.camunda.bpm.engine.authorization.Resources.TASK, w.taskId(),
          org.camunda.bpm.engine.authorization.Permissions.READ, org.camunda.bpm.engine.authorization.Permissions.UPDATE);
    }
    legacyGrant("comercial", org.camunda.bpm.engine.authorization.Resources.PROCESS_DEFINITION, "attendance",
        org.camunda.bpm.engine.authorization.Permissions.READ_TASK, org.camunda.bpm.engine.authorization.Permissions.UPDATE_TASK,
        org.camunda.bpm.engine.authorization.Permissions.READ_INSTANCE);
    assertThat(taskIds("ana", "/engine-rest/task?maxResults=1000")).as("the earlier version's rights")
        .contains(waiting.taskId(), otherNumber.taskId());

    bootstrap.run(new org.springframework.boot.DefaultApplicationArguments());

    assertThat(taskIds("ana", "/engine-rest/task?maxResults=1000")).doesNotContain(waiting.taskId(), otherNumber.taskId());
    assertThat(taskIds("bruno", "/engine-rest/task?maxResults=1000")).contains(waiting.taskId());
    Map<String, Object> forged = Map.of("value", 1L, "type", "Long");
    assertThat(as("bruno").exchange("/engine-rest/task/" + waiting.taskId() + "/variables/conversationId", HttpMethod.PUT,
        new HttpEntity<>(forged), String.class).getStatusCode()).as("UPDATE taken back").isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("bruno").postForEntity("/engine-rest/task/" + waiting.taskId() + "/claim", Map.of("userId", "bruno"), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  @Test
  void aTaskGoesOnlyToAnExistingUserWhoMayServeItsNumberHoweverItIsAssigned() {
    QueuedConversations.Waiting onSecond = queued.inQueue("5511922220041", "comercial", SECOND, Duration.ofMinutes(5));
    QueuedConversations.Waiting onFirst = queued.inQueue("5511922220042", "comercial", NUMBER, Duration.ofMinutes(5));
    String second = "/engine-rest/task/" + onSecond.taskId() + "/assignee";

    ResponseEntity<Map> toAgentWithoutTheNumber = as("carla").postForEntity(second, Map.of("userId", "ana"), Map.class);
    assertThat(toAgentWithoutTheNumber.getStatusCode()).as("the supervisor assigns to an agent without the number")
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) toAgentWithoutTheNumber.getBody().get("message")).contains(SECOND).contains("'ana'");
    ResponseEntity<Map> toNobody = as("carla").postForEntity(second, Map.of("userId", "ghost"), Map.class);
    assertThat(toNobody.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) toNobody.getBody().get("message")).contains("No user 'ghost'");
    assertThat(taskService.createTaskQuery().taskId(onSecond.taskId()).singleResult().getAssignee()).isNull();
    assertThat(as("carla").postForEntity("/api/desk/tasks/" + onSecond.taskId() + "/transfer", Map.of("toAgent", "ana"), String.class)
        .getStatusCode()).as("the desk's transfer says the same").isEqualTo(HttpStatus.BAD_REQUEST);

    assertThat(as("carla").postForEntity("/engine-rest/task/" + onFirst.taskId() + "/assignee", Map.of("userId", "ana"), String.class)
        .getStatusCode()).as("an agent who has the number").isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(taskService.createTaskQuery().taskId(onFirst.taskId()).singleResult().getAssignee()).isEqualTo("ana");
    assertThat(as("carla").postForEntity(second, Map.of("userId", "carla"), String.class).getStatusCode())
        .as("a supervisor serves every number").isEqualTo(HttpStatus.NO_CONTENT);
  }

  private void legacyGrant(String group, org.camunda.bpm.engine.authorization.Resource resource, String resourceId,
      org.camunda.bpm.engine.authorization.Permission... permissions) {
    org.camunda.bpm.engine.authorization.Authorization grant = authorizations.createAuthorizationQuery()
        .authorizationType(org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT).groupIdIn(group)
        .resourceType(resource).resourceId(resourceId).singleResult();
    if (grant == null) {
      grant = authorizations.createNewAuthorization(org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT);
      grant.setGroupId(group);
      grant.setResource(resource);
      grant.setResourceId(resourceId);
    }
    for (org.camunda.bpm.engine.authorization.Permission permission : permissions) {
      grant.addPermission(permission);
    }
    authorizations.saveAuthorization(grant);
  }
}
