package io.atende.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.atende.conversation.ConversationStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;

/**
 * Numbers and limits of agents changed at runtime by an administrator ({@code /api/agents}), for agents of the YAML
 * and users created in Camunda Admin; the limit holds under simultaneous claims; closed conversations are read-only
 * and a transfer names an agent who may take it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:agents-api;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
@Import(QueuedConversations.class)
class AgentsApiTest {

  static final String NUMBER = QueuedConversations.NUMBER;

  @Autowired TestRestTemplate rest;
  @Autowired QueuedConversations queued;
  @Autowired TaskService taskService;
  @Autowired ConversationStore conversations;

  private TestRestTemplate as(String user) {
    return rest.withBasicAuth(user, user);
  }

  private ResponseEntity<Map> put(String by, String agent, List<String> numbers, Integer limit) {
    Map<String, Object> body = new HashMap<>();
    body.put("numbers", numbers);
    body.put("maxConcurrentConversations", limit);
    return as(by).exchange("/api/agents/" + agent, HttpMethod.PUT, new HttpEntity<>(body), Map.class);
  }

  /** What an administrator does in Camunda Admin: a new user in a queue. */
  private void createUserInAdmin(String id, String queue) {
    Map<String, Object> user = Map.of("profile", Map.of("id", id, "firstName", "Nova", "lastName", "Agente", "email", id + "@example.com"),
        "credentials", Map.of("password", id));
    assertThat(as("admin").postForEntity("/engine-rest/user/create", user, String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(as("admin").exchange("/engine-rest/group/" + queue + "/members/" + id, HttpMethod.PUT, null, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  private List<String> visibleTasks(String user) {
    ResponseEntity<List> response = as(user).getForEntity("/engine-rest/task?maxResults=1000", List.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    return ((List<Map<String, Object>>) response.getBody()).stream().map(t -> (String) t.get("id")).toList();
  }

  @Test
  void yamlSeedsTheStoreAndOnlyAnAdministratorChangesIt() {
    ResponseEntity<Map> ana = as("carla").getForEntity("/api/agents/ana", Map.class);
    assertThat(ana.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(ana.getBody()).containsEntry("numbers", List.of(NUMBER)).containsEntry("maxConcurrentConversations", null)
        .containsEntry("limit", 3);
    assertThat((List<String>) ana.getBody().get("queues")).contains("comercial");

    assertThat(as("ana").getForEntity("/api/agents", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(put("ana", "ana", List.of(NUMBER), 50).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(put("carla", "ana", List.of(NUMBER), 50).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(put("admin", "nobody", List.of(NUMBER), 2).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(put("admin", "ana", List.of("123"), 2).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(put("admin", "ana", List.of(NUMBER), -1).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(as("ana").getForEntity("/api/agents/ana", Map.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("carla").getForEntity("/api/agents/ana", Map.class).getBody()).containsEntry("limit", 3);
  }

  @Test
  void userCreatedInAdminIsGivenNumbersAtRuntimeAndTakesThemAway() {
    createUserInAdmin("dora", "financeiro");
    QueuedConversations.Waiting waiting = queued.inQueue("5511933330001", "financeiro", NUMBER, Duration.ofMinutes(5));
    assertThat(visibleTasks("dora")).as("no number yet").doesNotContain(waiting.taskId());
    assertThat(as("dora").getForEntity("/api/desk/tasks/" + waiting.taskId(), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    ResponseEntity<Map> changed = put("admin", "dora", List.of(NUMBER), 2);
    assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(changed.getBody()).containsEntry("numbers", List.of(NUMBER)).containsEntry("limit", 2);
    assertThat(visibleTasks("dora")).as("the open task is hers to work now").contains(waiting.taskId());
    assertThat(as("dora").getForEntity("/api/desk/tasks/" + waiting.taskId(), String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    ResponseEntity<String> claim = as("dora").postForEntity("/engine-rest/task/" + waiting.taskId() + "/claim", Map.of("userId", "dora"),
        String.class);
    assertThat(claim.getStatusCode()).as(claim.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(as("dora").postForEntity("/engine-rest/task/" + waiting.taskId() + "/assignee", Map.of("userId", "ana"), String.class)
        .getStatusCode()).as("TASK_WORK: claim and complete, no reassigning behind the desk's checks").isEqualTo(HttpStatus.FORBIDDEN);
    taskService.setAssignee(waiting.taskId(), null);

    assertThat(put("admin", "dora", List.of(), null).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(visibleTasks("dora")).doesNotContain(waiting.taskId());
    assertThat(as("dora").postForEntity("/engine-rest/task/" + waiting.taskId() + "/claim", Map.of("userId", "dora"), String.class)
        .getStatusCode()).isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
  }

  @Test
  void simultaneousClaimsOverHttpNeverPassTheAgentsLimit() throws Exception {
    createUserInAdmin("eva", "suporte");
    assertThat(put("admin", "eva", List.of(NUMBER), 1).getStatusCode()).isEqualTo(HttpStatus.OK);
    List<String> tasks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tasks.add(queued.inQueue("551193333001" + i, "suporte", NUMBER, Duration.ofMinutes(5)).taskId());
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<HttpStatusCode>> claims = new ArrayList<>();
      for (String task : tasks) {
        claims.add(pool.submit(() -> {
          start.await();
          return as("eva").postForEntity("/engine-rest/task/" + task + "/claim", Map.of("userId", "eva"), String.class).getStatusCode();
        }));
      }
      start.countDown();
      List<HttpStatusCode> statuses = new ArrayList<>();
      for (Future<HttpStatusCode> claim : claims) {
        statuses.add(claim.get(60, TimeUnit.SECONDS));
      }
      assertThat(statuses.stream().filter(HttpStatusCode::is2xxSuccessful).count()).as(statuses.toString()).isEqualTo(1);
      assertThat(statuses.stream().filter(s -> !s.is2xxSuccessful())).as("a refusal, not a crash: " + statuses)
          .allMatch(s -> s.value() == 400);
      assertThat(taskService.createTaskQuery().taskAssignee("eva").count()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }

    assertThat(put("admin", "eva", List.of(NUMBER), 2).getStatusCode()).isEqualTo(HttpStatus.OK);
    String second = tasks.stream().filter(t -> taskService.createTaskQuery().taskId(t).singleResult().getAssignee() == null).findFirst().orElseThrow();
    assertThat(as("eva").postForEntity("/engine-rest/task/" + second + "/claim", Map.of("userId", "eva"), String.class).getStatusCode())
        .as("the raised limit applies at once").isEqualTo(HttpStatus.NO_CONTENT);
  }

  @Test
  void closedConversationIsReadOnlyOnTheDesk() {
    QueuedConversations.Waiting w = queued.inQueue("5511933330021", "comercial", NUMBER, Duration.ofMinutes(5));
    // the agent closes the protocol as in Tasklist: claim and complete
    assertThat(as("ana").postForEntity("/engine-rest/task/" + w.taskId() + "/claim", Map.of("userId", "ana"), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(as("ana").postForEntity("/engine-rest/task/" + w.taskId() + "/complete", Map.of(), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(conversations.findById(w.conversationId()).orElseThrow().status()).isEqualTo(ConversationStore.Status.CLOSED);
    String base = "/api/desk/conversations/" + w.conversationId();
    ResponseEntity<Map> reply = as("ana").postForEntity(base + "/messages", Map.of("text", "ainda aí?"), Map.class);
    assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(reply.getBody().get("detail").toString()).contains("closed");
    org.springframework.util.LinkedMultiValueMap<String, Object> file = new org.springframework.util.LinkedMultiValueMap<>();
    org.springframework.http.HttpHeaders fileHeaders = new org.springframework.http.HttpHeaders();
    fileHeaders.setContentType(org.springframework.http.MediaType.APPLICATION_PDF);
    fileHeaders.setContentDispositionFormData("file", "boleto.pdf");
    file.add("file", new HttpEntity<>("%PDF-1.4".getBytes(), fileHeaders));
    assertThat(as("ana").postForEntity(base + "/attachments", file, Map.class).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(as("ana").exchange(base + "/customer", HttpMethod.PUT, new HttpEntity<>(Map.of("fullName", "Outro Nome")), Map.class)
        .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(as("ana").postForEntity("/api/desk/tasks/" + w.taskId() + "/transfer", Map.of("toQueue", "suporte"), Map.class)
        .getStatusCode()).as("the task is gone with the protocol").isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(as("ana").getForEntity(base + "/messages", String.class).getStatusCode()).as("still readable").isEqualTo(HttpStatus.OK);
  }

  @Test
  void transferToAnAgentNamesAnExistingAgentEnabledForTheNumber() {
    createUserInAdmin("fabio", "comercial");
    QueuedConversations.Waiting w = queued.inQueue("5511933330031", "comercial", NUMBER, Duration.ofMinutes(5));
    String transfer = "/api/desk/tasks/" + w.taskId() + "/transfer";
    ResponseEntity<Map> unknown = as("ana").postForEntity(transfer, Map.of("toAgent", "ninguem"), Map.class);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<Map> notEnabled = as("ana").postForEntity(transfer, Map.of("toAgent", "fabio"), Map.class);
    assertThat(notEnabled.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(notEnabled.getBody().get("detail").toString()).contains("not enabled");
    assertThat(taskService.createTaskQuery().taskId(w.taskId()).singleResult().getAssignee()).isNull();

    assertThat(as("ana").postForEntity(transfer, Map.of("toAgent", "bruno"), Void.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(taskService.createTaskQuery().taskId(w.taskId()).singleResult().getAssignee()).isEqualTo("bruno");
    assertThat(visibleTasks("bruno")).as("bruno is not in comercial, but the task is his now").contains(w.taskId());
  }
}
