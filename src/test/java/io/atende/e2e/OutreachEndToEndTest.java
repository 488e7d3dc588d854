package io.atende.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.journey.AttendanceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Active contact and recontact through the REST API and the bundled Cloud API simulator, as an agent and a customer
 * would live them: the agent writes first with an approved template, the customer's phone shows it, the customer's
 * answer lands on the agent's own task; a recontact to a customer in service is refused with the open protocol; after
 * the protocol closed, the customer meets the number's journey (the bot). Bad requests and forged starts are tried as
 * a hostile agent would, over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:outreach-end-to-end;DB_CLOSE_DELAY=-1",
    "atende.simulator.sent-delay=50ms",
    "atende.simulator.delivered-delay=100ms",
    "atende.whatsapp.inbound-sweep-interval=200ms",
    "atende.whatsapp.media-directory=target/e2e-media",
    "atende.whatsapp.numbers[0].phone-number-id=" + OutreachEndToEndTest.NUMBER,
    "atende.whatsapp.numbers[0].display-phone-number=5511940000000",
    // a number of the company no agent has (numbers per agent in atende.agents.users[].numbers)
    "atende.whatsapp.numbers[1].phone-number-id=" + OutreachEndToEndTest.OTHER_NUMBER,
    "atende.whatsapp.numbers[1].display-phone-number=5511950000000"})
class OutreachEndToEndTest {

  static final String NUMBER = "106540352242922";
  static final String OTHER_NUMBER = "106540352242999";
  private static final Duration STEP = Duration.ofSeconds(30);

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired org.camunda.bpm.engine.RepositoryService repository;
  @Autowired org.camunda.bpm.engine.ProcessEngine engine;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;

  /** The bundled simulator's templates are synced at start, in the background: every test sends one. */
  @org.junit.jupiter.api.BeforeEach
  void templatesSynced() {
    await().atMost(STEP).until(() -> approvedTemplates().contains("recontato"));
  }

  @Test
  void activeContactIsAnsweredOnTheAgentsTaskRecontactInServiceIsRefusedAndAfterTheProtocolTheBotAnswers() {
    String customer = "5511987651234";
    await().atMost(STEP).until(() -> approvedTemplates().contains("recontato"));

    ResponseEntity<JsonNode> sent = post("ana", "/api/outreach/active-contacts",
        request("+55 (11) 98765-1234", "Maria Souza", "recontato", List.of("Maria")));

    assertThat(sent.getStatusCode()).as(String.valueOf(sent.getBody())).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(sent.getBody().path("outcome").asText()).isEqualTo("SENT");
    String protocol = sent.getBody().path("protocol").asText();
    assertThat(protocol).matches("\\d{8}-\\d{6}");
    String template = awaitBusinessMessage(customer, "Estamos retomando o seu atendimento");
    assertThat(template).startsWith("Olá, Maria!");
    // the customer answers as soon as the template shows: the simulator shows it when it reaches the Graph API, often
    // before the send's job has committed, and then the reply is routed again until the contact waits (replyRouting's
    // ContactOnItsWay)

    say(customer, "Maria", "Oi! Posso sim");

    Task task = await().atMost(STEP).until(() -> tasks.createTaskQuery().taskAssignee("ana")
        .taskDefinitionKey(AttendanceProcess.Elements.ATTEND_CUSTOMER).taskNameLike("%" + protocol + "%").singleResult(), t -> t != null);
    ResponseEntity<JsonNode> desk = rest.withBasicAuth("ana", "ana").getForEntity("/api/desk/tasks/" + task.getId(), JsonNode.class);
    assertThat(desk.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(desk.getBody().path("protocol").asText()).isEqualTo(protocol);
    assertThat(StreamSupport.stream(desk.getBody().path("messages").spliterator(), false).map(m -> m.path("text").asText()))
        .contains("Oi! Posso sim");
    assertThat(desk.getBody().path("window").path("open").asBoolean()).as("the customer answered: the window is open").isTrue();

    ResponseEntity<JsonNode> again = post("bruno", "/api/outreach/recontacts",
        request("11987651234", "Maria Souza", "recontato", List.of("Maria")));
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(again.getBody().path("outcome").asText()).isEqualTo("IN_SERVICE");
    assertThat(again.getBody().path("protocol").asText()).isEqualTo(protocol);
    assertThat(again.getBody().path("message").asText()).isEqualTo("Esse cliente já está em atendimento. Protocolo " + protocol + ".");
    assertThat(businessMessages(customer).stream().filter(t -> t.contains("Estamos retomando"))).as("nothing sent again").hasSize(1);

    tasks.complete(task.getId());
    long customerId = customers.findByWaId(customer).orElseThrow().id();
    await().atMost(STEP).until(() -> conversations.findOpen(customerId, NUMBER).isEmpty());

    say(customer, "Maria", "Oi de novo");
    awaitBusinessMessage(customer, "1 – Comercial");
  }

  @Test
  void activeContactToSomeoneWhoAlreadyTalkedWithTheCompanyPointsToRecontact() {
    // João talked with the company before; that conversation is closed
    conversations.close(conversations.open(customers.findOrCreateByWaId("5511987652222", "João").id(), NUMBER).id());

    ResponseEntity<JsonNode> refused = post("ana", "/api/outreach/active-contacts",
        request("11 98765-2222", "João", "recontato", List.of("João")));

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(refused.getBody().path("outcome").asText()).isEqualTo("CONTACT_EXISTS");
    assertThat(refused.getBody().path("message").asText())
        .isEqualTo("Esse contato já existe. Clique em Recontato para ir para tela de Recontato");
    assertThat(businessMessages("5511987652222")).as("nothing sent").isEmpty();
  }

  @Test
  void aCustomerTalkingWithTheBotIsInServiceAndGetsNoTemplate() {
    String customer = "5511987656666";
    say(customer, "Rita", "oi");
    awaitBusinessMessage(customer, "1 – Comercial");

    ResponseEntity<JsonNode> refused = post("ana", "/api/outreach/recontacts", request("11987656666", "Rita", "recontato", List.of("Rita")));

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(refused.getBody().path("outcome").asText()).isEqualTo("IN_SERVICE");
    assertThat(refused.getBody().path("message").asText()).isEqualTo("Esse cliente já está em atendimento com o bot.");
    assertThat(businessMessages(customer)).noneMatch(t -> t.contains("Estamos retomando"));
  }

  @Test
  void badRequestsAreProblemsThatSayWhatIsWrongAndStartNothing() {
    long before = history.createHistoricProcessInstanceQuery().processDefinitionKey("outreach").count();

    ResponseEntity<JsonNode> badPhone = post("ana", "/api/outreach/active-contacts", request("12345", "Maria", "recontato", List.of("Maria")));
    assertThat(badPhone.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(badPhone.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(badPhone.getBody().path("field").asText()).isEqualTo("phone");
    assertThat(badPhone.getBody().path("detail").asText()).isNotBlank();

    ResponseEntity<JsonNode> pending = post("ana", "/api/outreach/active-contacts",
        request("11987653333", "Maria", "promo_pendente", List.of("10")));
    assertThat(pending.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(pending.getBody().path("detail").asText()).isNotBlank();

    ResponseEntity<JsonNode> missingVariable = post("ana", "/api/outreach/active-contacts",
        request("11987653333", "Maria", "recontato", List.of()));
    assertThat(missingVariable.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    ResponseEntity<JsonNode> noName = post("ana", "/api/outreach/active-contacts", request("11987653333", " ", "recontato", List.of("M")));
    assertThat(noName.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noName.getBody().path("detail").asText()).isEqualTo("Informe o nome do cliente.");

    ResponseEntity<JsonNode> notJson = rest.withBasicAuth("ana", "ana").exchange("/api/outreach/active-contacts", HttpMethod.POST,
        new HttpEntity<>("{\"phone\": ", jsonHeaders()), JsonNode.class);
    assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey("outreach").count()).isEqualTo(before);
  }

  @Test
  void aNumberNotEnabledForTheAgentIsForbiddenThroughTheApiAndRefusedByTheProcessWhenStartedAround() {
    await().atMost(STEP).until(() -> repository.createProcessDefinitionQuery().processDefinitionKey("outreach").count() > 0);
    ResponseEntity<JsonNode> forbidden = post("ana", "/api/outreach/active-contacts", new Request(OTHER_NUMBER, "11987654444", "Maria",
        new Template("recontato", "pt_BR", List.of("Maria"))));
    assertThat(forbidden.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(forbidden.getBody().path("detail").asText()).contains("não está habilitado para você");
    assertThat(rest.withBasicAuth("ana", "ana").getForEntity("/api/outreach/numbers", JsonNode.class).getBody())
        .extracting(n -> n.path("phoneNumberId").asText()).containsExactly(NUMBER);

    // the same request straight into the engine as ana (what a POST to /engine-rest/process-definition/key/outreach/start
    // does), naming someone else as the requester; the test run keeps several engines in one JVM, whose registry
    // /engine-rest looks engines up in, so the engine is called directly here (OutreachScenarioTest does the same)
    engine.getIdentityService().setAuthentication("ana", List.of("atendimento", "comercial", "financeiro"));
    String instance;
    try {
      instance = engine.getRuntimeService().startProcessInstanceByKey("outreach", org.camunda.bpm.engine.variable.Variables.createVariables()
          .putValue("requested", "activeContact").putValue("phoneNumberId", OTHER_NUMBER).putValue("phone", "11987654444")
          .putValue("customerName", "Maria").putValue("templateName", "recontato").putValue("templateLanguage", "pt_BR")
          .putValue("templateVariables", "[\"Maria\"]").putValue("requestedBy", "carla")).getId();
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance).activityId("RefusedInvalid").count())
        .as("refused by the process itself").isEqualTo(1);
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(instance).variableName("requestedBy")
        .singleResult().getValue()).isEqualTo("ana");
    assertThat(customers.findByWaId("5511987654444")).as("no customer registered").isEmpty();
  }

  @Test
  void overTheMessagingLimitTheAgentGetsA429WithTheReasonAndNothingIsSent() {
    await().atMost(STEP).until(() -> approvedTemplates().contains("recontato"));
    long used = rest.withBasicAuth("ana", "ana").getForObject("/api/messaging-limits", JsonNode.class).path("used").asLong();
    ResponseEntity<JsonNode> set = rest.withBasicAuth("admin", "admin").exchange("/api/messaging-limits", HttpMethod.PUT,
        new HttpEntity<>(Map.of("limit", used), jsonHeaders()), JsonNode.class);
    assertThat(set.getStatusCode()).as(String.valueOf(set.getBody())).isEqualTo(HttpStatus.OK);
    try {
      ResponseEntity<JsonNode> refused = post("ana", "/api/outreach/active-contacts",
          request("11987657777", "Maria", "recontato", List.of("Maria")));

      assertThat(refused.getStatusCode()).as(String.valueOf(refused.getBody())).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
      assertThat(refused.getBody().path("outcome").asText()).isEqualTo("LIMIT_REACHED");
      assertThat(refused.getBody().path("detail").asText()).startsWith("Limite de mensagens atingido");
      assertThat(businessMessages("5511987657777")).as("nothing sent").isEmpty();
      ResponseEntity<JsonNode> again = post("ana", "/api/outreach/active-contacts",
          request("11987657777", "Maria", "recontato", List.of("Maria")));
      assertThat(again.getBody().path("outcome").asText()).as("a refused contact does not make the customer known")
          .isEqualTo("LIMIT_REACHED");
    } finally {
      rest.withBasicAuth("admin", "admin").exchange("/api/messaging-limits", HttpMethod.PUT,
          new HttpEntity<>(Map.of("tier", "TIER_2K"), jsonHeaders()), JsonNode.class);
    }
  }

  @Test
  void nobodyWithoutLoginReachesTheApi() {
    ResponseEntity<String> anonymous = rest.exchange("/api/outreach/active-contacts", HttpMethod.POST,
        new HttpEntity<>(request("11987655555", "Maria", "recontato", List.of("Maria")), jsonHeaders()), String.class);
    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  // ---- helpers

  record Template(String name, String language, List<String> variables) {}

  record Request(String phoneNumberId, String phone, String name, Template template) {}

  private static Request request(String phone, String name, String template, List<String> variables) {
    return new Request(NUMBER, phone, name, new Template(template, "pt_BR", variables));
  }

  private ResponseEntity<JsonNode> post(String user, String path, Object body) {
    return rest.withBasicAuth(user, user).exchange(path, HttpMethod.POST, new HttpEntity<>(body, jsonHeaders()), JsonNode.class);
  }

  private static HttpHeaders jsonHeaders() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }

  private List<String> approvedTemplates() {
    JsonNode list = rest.withBasicAuth("ana", "ana").getForObject("/api/templates?status=APPROVED", JsonNode.class);
    return StreamSupport.stream(list.spliterator(), false).map(t -> t.path("name").asText()).toList();
  }

  private void say(String customer, String name, String text) {
    var response = rest.postForEntity("/simulator/api/customers/" + customer + "/messages", Map.of("name", name, "text", text), String.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
  }

  private List<String> businessMessages(String customer) {
    JsonNode chat = rest.getForObject("/simulator/api/customers/" + customer + "/messages", JsonNode.class);
    return StreamSupport.stream(chat.path("messages").spliterator(), false)
        .filter(m -> "outbound".equals(m.path("direction").asText()))
        .map(m -> m.path("content").path("text").asText(""))
        .toList();
  }

  private String awaitBusinessMessage(String customer, String fragment) {
    return await().atMost(STEP).until(() -> businessMessages(customer).stream().filter(t -> t.contains(fragment)).findFirst().orElse(null),
        t -> t != null);
  }
}
