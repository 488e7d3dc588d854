package io.atende.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atende.AtendeApplication;
import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerStore;
import io.atende.journey.CorrelationKeys;
import io.atende.journey.ProtocolClosed;
import io.atende.survey.SurveyRecords.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A restart while a survey waits changes nothing: the service is started on a database file, a protocol closes, the
 * service stops with the survey waiting for its delay; a new service on the same database finds the timer with the
 * same due date, and once the (engine's) clock passed it, the question leaves through the simulator.
 */
class SurveyRestartTest {

  private static final String NUMBER = "106540352242922";
  private final String db = Path.of("target", "survey-restart", UUID.randomUUID().toString(), "atende").toAbsolutePath().toString();

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void theTimerOfAWaitingSurveyFiresAfterARestart() throws Exception {
    String waId = "5511966665555";
    String processId;
    String protocol;
    Date due;
    try (ConfigurableApplicationContext first = start()) {
      CustomerStore customers = first.getBean(CustomerStore.class);
      ConversationStore conversations = first.getBean(ConversationStore.class);
      long customerId = customers.findOrCreateByWaId(waId, "Rita Alves").id();
      // she wrote an hour ago: the question goes free-form
      first.getBean(io.atende.limits.ServiceWindows.class).customerWrote(customerId, NUMBER, java.time.Instant.now().minus(Duration.ofHours(1)));
      assertThat(first.getEnvironment().getProperty("spring.datasource.url")).startsWith("jdbc:h2:file:" + db);
      Conversation conversation = conversations.open(customerId, NUMBER);
      protocol = "20261206-" + (100_000 + conversation.id());
      conversations.setProtocol(conversation.id(), protocol);
      conversations.close(conversation.id());
      String closedProtocol = protocol;
      new TransactionTemplate(first.getBean(PlatformTransactionManager.class)).executeWithoutResult(s -> first.publishEvent(
          new ProtocolClosed(conversation.id(), closedProtocol, customerId, NUMBER, "ana", "comercial")));
      RuntimeService runtime = first.getBean(RuntimeService.class);
      java.util.List<ProcessInstance> surveys = runtime.createProcessInstanceQuery().processDefinitionKey(SurveyProcess.KEY)
          .processInstanceBusinessKey(CorrelationKeys.of(customerId, NUMBER)).list();
      assertThat(surveys).as(() -> surveys.stream().map(i -> i.getProcessDefinitionId() + " " + runtime.getVariables(i.getId())).toList()
          .toString()).hasSize(1);
      ProcessInstance survey = surveys.get(0);
      processId = survey.getId();
      Job timer = first.getBean(ManagementService.class).createJobQuery().processInstanceId(processId).timers().singleResult();
      assertThat(timer.getDuedate()).isAfter(new Date());
      due = timer.getDuedate();
    }

    try (ConfigurableApplicationContext second = start()) {
      ManagementService management = second.getBean(ManagementService.class);
      Job timer = management.createJobQuery().processInstanceId(processId).timers().singleResult();
      assertThat(timer).as("the timer survived the restart").isNotNull();
      assertThat(timer.getDuedate()).isEqualTo(due);
      assertThat(management.createJobQuery().jobId(timer.getId()).executable().count()).as("not due yet").isZero();

      ClockUtil.setCurrentTime(Date.from(due.toInstant().plusSeconds(1)));
      assertThat(management.createJobQuery().jobId(timer.getId()).executable().count()).isEqualTo(1);
      management.executeJob(timer.getId());
      Job send = management.createJobQuery().processInstanceId(processId).activityId(SurveyProcess.Elements.SEND_QUESTION).singleResult();
      management.executeJob(send.getId());

      SurveyRecords.Row row = second.getBean(SurveyRecords.class).ofProcess(processId).orElseThrow();
      assertThat(row.status()).as(String.valueOf(row.reason())).isEqualTo(Status.SENT);
      int port = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
      String finalProtocol = protocol;
      await().atMost(Duration.ofSeconds(30)).until(() -> outbound(port, waId).contains(finalProtocol));
    }
  }

  /** What the customer's phone shows from the business. */
  private static String outbound(int port, String waId) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + "/simulator/api/customers/" + waId + "/messages")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode chat = new ObjectMapper().readTree(response.body());
    return String.join("\n", StreamSupport.stream(chat.path("messages").spliterator(), false)
        .filter(m -> "outbound".equals(m.path("direction").asText())).map(m -> m.path("content").path("text").asText("")).toList());
  }

  /** Command-line arguments: they win over application.yml (default properties would not). */
  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(AtendeApplication.class).run(
        "--server.port=0",
        "--spring.datasource.url=jdbc:h2:file:" + db + ";DB_CLOSE_ON_EXIT=FALSE",
        "--camunda.bpm.job-execution.enabled=false",
        "--atende.surveys.enabled=true",
        "--atende.templates.sync-on-start=false",
        "--atende.whatsapp.media-directory=target/survey-restart/media",
        "--atende.whatsapp.numbers[0].phone-number-id=" + NUMBER,
        "--atende.whatsapp.numbers[0].display-phone-number=5511940000000");
  }

}
