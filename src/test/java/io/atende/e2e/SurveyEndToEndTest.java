package io.atende.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.atende.agent.Browser;
import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.integration.HeardEvents;
import io.atende.journey.CorrelationKeys;
import io.atende.survey.SurveyProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.openqa.selenium.By;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The satisfaction survey through the bundled Cloud API simulator: a supervisor enables it on the number over the API,
 * a customer is served by the bot and an agent who closes the protocol, the engine's clock moves past the delay, the
 * question reaches the customer's phone, the customer answers "5" and then a comment, is thanked, and the results show
 * it for the agent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:survey-end-to-end;DB_CLOSE_DELAY=-1",
    "atende.simulator.sent-delay=50ms",
    "atende.simulator.delivered-delay=100ms",
    "atende.whatsapp.inbound-sweep-interval=200ms",
    "atende.whatsapp.media-directory=target/e2e-media"})
class SurveyEndToEndTest {

  private static final String NUMBER = "106540352242922";
  private static final String CUSTOMER = "5511977775555";
  private static final Duration STEP = Duration.ofSeconds(30);

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired RuntimeService runtimeService;
  @Autowired ManagementService managementService;
  @Autowired ConversationStore conversations;
  @Autowired CustomerStore customers;
  @Autowired CamelContext camel;
  private HeardEvents heard;

  @BeforeEach
  void anIntegratorListens() throws Exception {
    heard = HeardEvents.listenOn(camel, "survey-test");
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void anAgentClosesTheProtocolTimePassesTheCustomerAnswersAndTheResultsShowIt() {
    enable();
    String protocol = servedClosedAndTimePassed(CUSTOMER, "ana");

    say(CUSTOMER, "5");
    awaitBusinessMessage(CUSTOMER, "Quer deixar um comentário");
    say(CUSTOMER, "A Ana resolveu tudo muito rápido");
    awaitBusinessMessage(CUSTOMER, "Obrigado por avaliar o nosso atendimento");

    JsonNode results = rest.withBasicAuth("bruno", "bruno").getForObject("/api/surveys/results?groupBy=agent", JsonNode.class);
    JsonNode ana = StreamSupport.stream(results.path("groups").spliterator(), false)
        .filter(g -> g.path("group").asText().equals("ana")).findFirst().orElseThrow();
    assertThat(ana.path("kind").asText()).isEqualTo("CSAT");
    assertThat(ana.path("sent").asInt()).isEqualTo(1);
    assertThat(ana.path("answered").asInt()).isEqualTo(1);
    assertThat(ana.path("score").asDouble()).isEqualTo(100.0);
    JsonNode answer = answer(protocol);
    assertThat(answer.path("score").asInt()).isEqualTo(5);
    assertThat(answer.path("comment").asText()).isEqualTo("A Ana resolveu tudo muito rápido");
    assertThat(answer.path("queue").asText()).isEqualTo("comercial");
    // integrators' event (README "For integrators"), written with the answer and heard by the integrator's route
    await().atMost(STEP).until(() -> heard.ofType("survey.answered").stream()
        .anyMatch(e -> e.path("data").path("protocol").asText().equals(protocol)));
    assertThat(heard.ofType("survey.answered")).filteredOn(e -> e.path("data").path("protocol").asText().equals(protocol))
        .singleElement().satisfies(e -> {
          assertThat(e.path("data").path("score").asInt()).isEqualTo(5);
          assertThat(e.path("data").path("agent").asText()).isEqualTo("ana");
          assertThat(e.path("data").path("kind").asText()).isEqualTo("CSAT");
        });
  }

  /** The customer taps the score in the question's list on the simulator page, then types a comment there. */
  @Test
  void theCustomerAnswersOnTheSimulatorPage() {
    Browser.assumeInstalled();
    enable();
    String customer = "5511977774444";
    String protocol = servedClosedAndTimePassed(customer, "carla");

    try (Browser browser = Browser.start("pt-BR")) {
      browser.open("http://localhost:" + port + "/simulator#" + customer);
      browser.waitForText(By.id("messages"), "Como você avalia o atendimento do protocolo " + protocol);
      browser.waitForVisible(By.xpath("//div[@id='messages']//button[contains(., 'Escolher nota')]")).click();
      browser.waitForVisible(By.xpath("//div[@id='messages']//button[text()='4']")).click();
      browser.waitForText(By.id("messages"), "Quer deixar um comentário");
      browser.waitForVisible(By.id("text-input")).sendKeys("Demorou um pouco, mas resolveu");
      browser.waitForVisible(By.id("send-button")).click();
      browser.waitForText(By.id("messages"), "Obrigado por avaliar o nosso atendimento");
      browser.screenshot("survey-on-the-simulator");
    }

    JsonNode answer = answer(protocol);
    assertThat(answer.path("agent").asText()).isEqualTo("carla");
    assertThat(answer.path("score").asInt()).isEqualTo(4);
    assertThat(answer.path("comment").asText()).isEqualTo("Demorou um pouco, mas resolveu");
  }

  private void enable() {
    ResponseEntity<JsonNode> enabled = put("carla", "/api/surveys/settings/" + NUMBER, "{\"enabled\":true,\"kind\":\"CSAT\",\"delay\":\"PT30M\"}");
    assertThat(enabled.getStatusCode()).as(String.valueOf(enabled.getBody())).isEqualTo(HttpStatus.OK);
  }

  /** Bot, agent, close; the engine's clock past the delay; the question on the customer's phone. Returns the protocol. */
  private String servedClosedAndTimePassed(String customer, String agent) {
    say(customer, "oi");
    awaitBusinessMessage(customer, "1 – Comercial");
    say(customer, "1");
    awaitBusinessMessage(customer, "CPF");
    say(customer, "529.982.247-25");
    awaitBusinessMessage(customer, "protocolo");
    Task task = await().atMost(STEP).until(() -> tasks.createTaskQuery().taskCandidateGroup("comercial").active().singleResult(),
        t -> t != null);
    long conversationId = Long.parseLong(tasks.getVariable(task.getId(), "conversationId").toString());
    String protocol = conversations.findById(conversationId).orElseThrow().protocol();
    tasks.claim(task.getId(), agent);
    tasks.complete(task.getId());
    await().atMost(STEP).until(() -> conversations.findById(conversationId).orElseThrow().status() == ConversationStore.Status.CLOSED);

    long customerId = customers.findByWaId(customer).orElseThrow().id();
    ProcessInstance survey = await().atMost(STEP).until(() -> runtimeService.createProcessInstanceQuery()
        .processDefinitionKey(SurveyProcess.KEY).processInstanceBusinessKey(CorrelationKeys.of(customerId, NUMBER)).singleResult(),
        s -> s != null);
    Job timer = managementService.createJobQuery().processInstanceId(survey.getId()).timers().singleResult();
    assertThat(timer.getDuedate()).isAfter(Date.from(Instant.now().plus(Duration.ofMinutes(29))));
    assertThat(businessMessages(customer)).noneMatch(t -> t.contains("Como você avalia"));

    ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofMinutes(31))));
    try {
      managementService.executeJob(timer.getId());
    } catch (ProcessEngineException e) {
      // the job executor took the due timer first
    }
    String question = awaitBusinessMessage(customer, "Como você avalia o atendimento do protocolo " + protocol);
    assertThat(question).startsWith("Olá, Maria!");
    return protocol;
  }

  private JsonNode answer(String protocol) {
    JsonNode answers = rest.withBasicAuth("bruno", "bruno").getForObject("/api/surveys/answers", JsonNode.class);
    return StreamSupport.stream(answers.spliterator(), false).filter(a -> a.path("protocol").asText().equals(protocol)).findFirst()
        .orElseThrow(() -> new AssertionError("no survey of protocol " + protocol + " in " + answers));
  }

  private void say(String customer, String text) {
    var response = rest.postForEntity("/simulator/api/customers/" + customer + "/messages", Map.of("name", "Maria", "text", text), String.class);
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

  private ResponseEntity<JsonNode> put(String user, String path, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return rest.withBasicAuth(user, user).exchange(path, HttpMethod.PUT, new HttpEntity<>(json, headers), JsonNode.class);
  }
}
