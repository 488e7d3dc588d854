package io.atende.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.MessageSender;
import io.atende.conversation.MessageSender.PreparedTemplate;
import io.atende.conversation.TemplateContacts;
import io.atende.journey.AttendanceProcess;
import io.atende.journey.ConversationProcess;
import io.atende.journey.CorrelationKeys;
import io.atende.journey.ProtocolClosed;
import io.atende.survey.SurveyProcess.Elements;
import io.atende.survey.SurveyRecords.Row;
import io.atende.survey.SurveyRecords.Status;
import io.atende.survey.SurveySettings.OutsideWindow;
import io.atende.template.TemplateMessages;
import io.atende.whatsapp.DeliveryStatus;
import io.atende.whatsapp.InboundMessage;
import io.atende.whatsapp.InboundMessageListener;
import io.atende.whatsapp.MessageType;
import io.atende.whatsapp.RetryShortlyException;
import io.atende.whatsapp.OutboundMessage.Interactive;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The satisfaction survey (processes/survey.bpmn) path by path, with the engine's clock moved instead of waiting: the
 * delay timer is not due before its time and is after it; customers answer through the real inbound path and the
 * routing decision; sends are recorded by a mock; asynchronous steps and timers run with {@code execute(job())}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:survey-scenarios;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.surveys.enabled=true",
    "atende.whatsapp.numbers[0].phone-number-id=" + SurveyScenarioTest.NUMBER,
    "atende.whatsapp.numbers[0].display-phone-number=5511940000000"})
class SurveyScenarioTest {

  static final String NUMBER = "106540352242922";

  @MockitoBean MessageSender sender;

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtimeService;
  @Autowired ManagementService managementService;
  @Autowired TaskService taskService;
  @Autowired org.camunda.bpm.engine.HistoryService historyService;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;
  @Autowired TemplateContacts templateContacts;
  @Autowired TemplateMessages templates;
  @Autowired SurveySettingsStore settings;
  @Autowired SurveyRecords records;
  @Autowired InboundMessageListener inbound;
  @Autowired ApplicationEventPublisher publisher;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired JdbcClient jdbc;
  @Autowired io.atende.limits.ServiceWindows windows;

  private String waId;
  private long customerId;
  private Conversation closed;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    jdbc.sql("delete from survey_settings").update();
    waId = "55119" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
    customerId = customers.findOrCreateByWaId(waId, "Maria Souza").id();
    lastWroteAgo(Duration.ofHours(1));
    when(sender.sendText(anyLong(), anyString(), anyString(), anyString())).thenAnswer(i -> sent());
    when(sender.sendInteractive(anyLong(), anyString(), anyString(), any(Interactive.class))).thenAnswer(i -> sent());
    when(sender.sendTemplate(anyLong(), anyString(), anyString(), any(PreparedTemplate.class))).thenAnswer(i -> sent());
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void anAgentClosingAProtocolStartsTheSurveyWhichWaitsTheDelayBeforeAsking() {
    Conversation conversation = conversations.open(customerId, NUMBER);
    conversations.setProtocol(conversation.id(), protocol());
    ProcessInstance attendance = runtimeService.startProcessInstanceByKey(AttendanceProcess.KEY, CorrelationKeys.of(customerId, NUMBER),
        Map.of(ConversationProcess.Variables.CONVERSATION_ID, conversation.id(), ConversationProcess.Variables.CUSTOMER_ID, customerId,
            ConversationProcess.Variables.CUSTOMER_NAME, "Maria Souza", ConversationProcess.Variables.PHONE_NUMBER_ID, NUMBER,
            ConversationProcess.Variables.PROTOCOL, conversations.findById(conversation.id()).orElseThrow().protocol(),
            ConversationProcess.Variables.QUEUE, "comercial", "queueLabel", "Comercial"));
    Task task = taskService.createTaskQuery().processInstanceId(attendance.getId()).singleResult();
    taskService.claim(task.getId(), "ana");
    taskService.complete(task.getId());

    ProcessInstance survey = survey();
    assertThat(survey).isWaitingAt(Elements.WAIT_DELAY).variables()
        .containsEntry(ConversationProcess.Variables.AGENT_ID, "ana").containsEntry(ConversationProcess.Variables.QUEUE, "comercial")
        .containsEntry(ConversationProcess.Variables.CONVERSATION_ID, conversation.id())
        .containsEntry(SurveyProcess.Variables.DELAY, "PT30M");
    Job timer = job(Elements.WAIT_DELAY, survey);
    assertThat(dueNow(timer)).as("not due before the delay").isFalse();
    ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofMinutes(29))));
    assertThat(dueNow(timer)).as("not due after 29 minutes").isFalse();
    ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofMinutes(31))));
    assertThat(dueNow(timer)).as("due after 30 minutes").isTrue();

    execute(timer);
    assertThat(survey).hasPassed(Elements.CHECK_NEW_SERVICE).isWaitingAt(Elements.SEND_QUESTION);
    execute(job(Elements.SEND_QUESTION, survey));

    assertThat(survey).isWaitingAt(Elements.WAIT_FOR_ANSWER);
    ArgumentCaptor<Interactive> question = ArgumentCaptor.forClass(Interactive.class);
    verify(sender).sendInteractive(eq(conversation.id()), anyString(), eq("bot"), question.capture());
    assertThat(question.getValue().body().text()).startsWith("Olá, Maria! Como você avalia o atendimento do protocolo "
        + conversations.findById(conversation.id()).orElseThrow().protocol());
    assertThat(question.getValue().action().sections().get(0).rows()).extracting(Interactive.Row::title)
        .containsExactly("1", "2", "3", "4", "5");
    Row row = row(survey);
    assertThat(row.status()).isEqualTo(Status.SENT);
    assertThat(row.agent()).isEqualTo("ana");
    assertThat(row.queue()).isEqualTo("comercial");
    assertThat(row.sentAs()).isEqualTo("INTERACTIVE");
  }

  @Test
  void anExpectedAnswerThenACommentAreRecordedAndThankedFor() {
    ProcessInstance survey = askedAndWaiting();

    customerWrites("5");

    assertThat(survey).hasPassed(Elements.CHECK_ANSWER).isWaitingAt(Elements.SEND_FEEDBACK_QUESTION);
    assertThat(row(survey).status()).isEqualTo(Status.ANSWERED);
    assertThat(row(survey).score()).isEqualTo(5);
    execute(job(Elements.SEND_FEEDBACK_QUESTION, survey));
    verify(sender).sendText(eq(closed.id()), anyString(), eq("bot"), eq(SurveyKind.DEFAULT_FEEDBACK_QUESTION));
    assertThat(survey).isWaitingAt(Elements.WAIT_FOR_COMMENT);

    customerWrites("Atendente muito atenciosa, resolveu rápido");

    assertThat(row(survey).comment()).isEqualTo("Atendente muito atenciosa, resolveu rápido");
    execute(job(Elements.SEND_THANKS, survey));
    verify(sender).sendText(eq(closed.id()), anyString(), eq("bot"), eq(SurveyKind.DEFAULT_THANKS));
    assertThat(survey).hasPassed(Elements.SURVEY_ANSWERED).isEnded();
  }

  /**
   * The customer answers the question before its send has committed (Meta shows it at once): no process waits for the
   * answer yet, and without the decision's ProcessOnItsWay it would have started the bot. It is routed again a moment
   * later (its inbound event rolled back and tried again) and counts.
   */
  @Test
  void anAnswerWhileTheQuestionIsStillOnItsWayIsRoutedAgainAndCounts() {
    ProcessInstance survey = closedAndDue();
    assertThat(survey).isWaitingAt(Elements.SEND_QUESTION);
    InboundMessage answer = message("5");

    assertThatThrownBy(() -> deliver(answer)).isInstanceOf(RetryShortlyException.class);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(CorrelationKeys.of(customerId, NUMBER))
        .list()).as("no bot started").extracting(ProcessInstance::getId).containsExactly(survey.getId());

    execute(job(Elements.SEND_QUESTION, survey));
    deliver(answer);

    assertThat(survey).hasPassed(Elements.CHECK_ANSWER).isWaitingAt(Elements.SEND_FEEDBACK_QUESTION);
    assertThat(row(survey).score()).isEqualTo(5);
  }

  @Test
  void aPlainNoToTheFeedbackQuestionIsNoCommentAndStillThanked() {
    ProcessInstance survey = askedAndWaiting();
    customerWrites("3");
    execute(job(Elements.SEND_FEEDBACK_QUESTION, survey));

    customerWrites("Não.");

    assertThat(row(survey).comment()).isNull();
    assertThat(row(survey).score()).isEqualTo(3);
    execute(job(Elements.SEND_THANKS, survey));
    assertThat(survey).hasPassed(Elements.SURVEY_ANSWERED).isEnded();
  }

  @Test
  void wordsAndEmojiMapToScoresIgnoringAccentsAndCase() {
    ProcessInstance survey = askedAndWaiting();

    customerWrites("OTIMO!");

    assertThat(row(survey).score()).isEqualTo(5);
    assertThat(survey).variables().containsEntry(SurveyProcess.Variables.VERDICT, "SCORE");
  }

  @Test
  void anUnexpectedAnswerGetsTheQuestionAgainThenAnExpectedOneCounts() {
    ProcessInstance survey = askedAndWaiting();

    customerWrites("talvez");

    assertThat(survey).isWaitingAt(Elements.ASK_AGAIN);
    assertThat(row(survey).status()).isEqualTo(Status.SENT);
    execute(job(Elements.ASK_AGAIN, survey));
    verify(sender, times(2)).sendInteractive(eq(closed.id()), anyString(), eq("bot"), any(Interactive.class));
    assertThat(survey).isWaitingAt(Elements.WAIT_FOR_ANSWER).variables().containsEntry(SurveyProcess.Variables.REASKS, 1);

    customerWrites("nota 4");

    assertThat(row(survey).score()).isEqualTo(4);
    assertThat(survey).isWaitingAt(Elements.SEND_FEEDBACK_QUESTION);
  }

  @Test
  void tooManyUnexpectedAnswersEndTheSurveyUnanswered() {
    configure(new SurveySettingsStore.Stored(true, SurveyKind.CSAT, null, null, null, null, null, 1, null, null, null));
    ProcessInstance survey = askedAndWaiting();

    customerWrites("hmm");
    execute(job(Elements.ASK_AGAIN, survey));
    customerWrites("sei lá");

    assertThat(survey).hasPassed(Elements.RECORD_TOO_MANY_UNEXPECTED, Elements.SURVEY_NOT_UNDERSTOOD).isEnded();
    assertThat(row(survey).status()).isEqualTo(Status.UNANSWERED);
    assertThat(row(survey).reason()).isEqualTo("Respostas inesperadas demais");
    verify(sender, times(2)).sendInteractive(anyLong(), anyString(), anyString(), any(Interactive.class));
  }

  @Test
  void withoutAFeedbackQuestionTheScoreIsThankedAtOnce() {
    configure(new SurveySettingsStore.Stored(true, SurveyKind.NPS, null, null, null, "", "Valeu!", null, null, null, null));
    ProcessInstance survey = askedAndWaiting();
    verify(sender).sendText(eq(closed.id()), anyString(), eq("bot"), org.mockito.ArgumentMatchers.contains("escala de 0 a 10"));

    customerWrites("10");

    assertThat(survey).isWaitingAt(Elements.SEND_THANKS);
    execute(job(Elements.SEND_THANKS, survey));
    verify(sender).sendText(eq(closed.id()), anyString(), eq("bot"), eq("Valeu!"));
    assertThat(survey).hasNotPassed(Elements.SEND_FEEDBACK_QUESTION).isEnded();
    assertThat(row(survey).kind()).isEqualTo(SurveyKind.NPS);
    assertThat(row(survey).score()).isEqualTo(10);
  }

  @Test
  void noAnswerWithinTheTimeEndsTheSurveyUnanswered() {
    ProcessInstance survey = askedAndWaiting();
    Job overdue = job(Elements.ANSWER_OVERDUE, survey);
    assertThat(dueNow(overdue)).isFalse();
    ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofHours(25))));
    assertThat(dueNow(overdue)).isTrue();

    execute(overdue);

    assertThat(survey).hasPassed(Elements.RECORD_UNANSWERED, Elements.SURVEY_UNANSWERED).isEnded();
    assertThat(row(survey).status()).isEqualTo(Status.UNANSWERED);
    assertThat(row(survey).reason()).isEqualTo("Sem resposta no prazo");
  }

  @Test
  void outsideTheWindowTheSurveyTemplateGoesAndItsAnswerReachesTheSurvey() {
    await(() -> templates.find("pesquisa_satisfacao", "pt_BR").isPresent());
    lastWroteAgo(Duration.ofHours(30));
    ProcessInstance survey = closedAndDue();

    execute(job(Elements.SEND_QUESTION, survey));

    ArgumentCaptor<PreparedTemplate> template = ArgumentCaptor.forClass(PreparedTemplate.class);
    verify(sender).sendTemplate(eq(closed.id()), anyString(), eq("bot"), template.capture());
    assertThat(template.getValue().content().name()).isEqualTo("pesquisa_satisfacao");
    assertThat(template.getValue().text()).contains("Maria, como você avalia o atendimento do protocolo " + closed.protocol());
    verify(sender, never()).sendInteractive(anyLong(), anyString(), anyString(), any(Interactive.class));
    assertThat(templateContacts.lastOrigin(customerId, NUMBER)).contains(TemplateContacts.Origin.SURVEY);
    assertThat(row(survey).sentAs()).isEqualTo("TEMPLATE");

    customerWrites("4");

    assertThat(row(survey).score()).isEqualTo(4);
  }

  @Test
  void outsideTheWindowANumberThatSkipsRecordsWhyAndSendsNothing() {
    configure(new SurveySettingsStore.Stored(true, SurveyKind.CES, null, null, null, null, null, null, null, OutsideWindow.SKIP, null));
    lastWroteAgo(Duration.ofHours(30));
    ProcessInstance survey = closedAndDue();

    execute(job(Elements.SEND_QUESTION, survey));

    assertThat(survey).hasPassed(Elements.SURVEY_SKIPPED).isEnded();
    assertThat(row(survey).status()).isEqualTo(Status.SKIPPED);
    assertThat(row(survey).reason()).contains("Janela de 24 horas fechada");
    verify(sender, never()).sendTemplate(anyLong(), anyString(), anyString(), any(PreparedTemplate.class));
    verify(sender, never()).sendText(anyLong(), anyString(), anyString(), anyString());
    verify(sender, never()).sendInteractive(anyLong(), anyString(), anyString(), any(Interactive.class));
  }

  @Test
  void aQuestionWhatsAppRefusesForGoodIsASkipWithTheReasonNotAnIncident() {
    when(sender.sendInteractive(anyLong(), anyString(), anyString(), any(Interactive.class)))
        .thenThrow(new io.atende.whatsapp.GraphApiException(400, 131026, "Message undeliverable", null, null, false, null));
    ProcessInstance survey = closedAndDue();

    execute(job(Elements.SEND_QUESTION, survey));

    assertThat(survey).hasPassed(Elements.SURVEY_SKIPPED).isEnded();
    assertThat(row(survey).status()).isEqualTo(Status.SKIPPED);
    assertThat(row(survey).reason()).contains("131026");
  }

  @Test
  void aDisabledNumberSendsNoSurvey() {
    configure(new SurveySettingsStore.Stored(false, SurveyKind.CSAT, null, null, null, null, null, null, null, null, null));

    closeProtocol();

    var survey = historyService.createHistoricProcessInstanceQuery().processDefinitionKey(SurveyProcess.KEY)
        .processInstanceBusinessKey(CorrelationKeys.of(customerId, NUMBER)).singleResult();
    assertThat(survey.getEndTime()).as("ended at once").isNotNull();
    assertThat(survey.getEndActivityId()).isEqualTo(Elements.SURVEY_DISABLED);
    assertThat(records.ofProcess(survey.getId())).isEmpty();
    verify(sender, never()).sendInteractive(anyLong(), anyString(), anyString(), any(Interactive.class));
  }

  @Test
  void aChangeOfSettingsAppliesToSurveysNotYetSent() {
    ProcessInstance survey = close();
    configure(new SurveySettingsStore.Stored(true, SurveyKind.CES, null, null, null, null, null, null, null, null, null));
    execute(job(Elements.WAIT_DELAY, survey));

    execute(job(Elements.SEND_QUESTION, survey));

    ArgumentCaptor<Interactive> question = ArgumentCaptor.forClass(Interactive.class);
    verify(sender).sendInteractive(anyLong(), anyString(), anyString(), question.capture());
    assertThat(question.getValue().body().text()).contains("De 1 (muito difícil) a 7 (muito fácil)");
    assertThat(row(survey).kind()).isEqualTo(SurveyKind.CES);
  }

  @Test
  void aNewSubjectWhileTheSurveyWaitsEndsItUnansweredAndStartsTheJourney() {
    ProcessInstance survey = askedAndWaiting();

    customerWrites("Oi, meu pedido ainda não chegou, podem verificar?");

    assertThat(survey).hasPassed(Elements.HAND_OVER_TO_JOURNEY, Elements.SURVEY_NEW_SUBJECT).isEnded();
    assertThat(row(survey).status()).isEqualTo(Status.UNANSWERED);
    assertThat(row(survey).reason()).isEqualTo("O cliente escreveu sobre outro assunto");
    Conversation open = conversations.findOpen(customerId, NUMBER).orElseThrow();
    assertThat(open.id()).isGreaterThan(closed.id());
    ProcessInstance journey = runtimeService.createProcessInstanceQuery().processDefinitionKey(ConversationProcess.KEY)
        .processInstanceBusinessKey(CorrelationKeys.of(customerId, NUMBER)).singleResult();
    assertThat(journey).isNotNull();
    assertThat(open.processInstanceId()).isEqualTo(journey.getId());
    assertThat(jdbc.sql("select conversation_id from chat_message where customer_id = ? and direction = 'IN' order by id desc")
        .param(customerId).query(Long.class).list().get(0)).as("the message is in the new conversation").isEqualTo(open.id());
  }

  @Test
  void aNewServiceBeforeTheTimerCancelsThePendingSurvey() {
    ProcessInstance survey = close();

    customerWrites("oi, preciso de outra coisa");
    assertThat(conversations.findOpen(customerId, NUMBER)).as("the bot took the message").isPresent();
    assertThat(survey).isWaitingAt(Elements.WAIT_DELAY);
    execute(job(Elements.WAIT_DELAY, survey));

    assertThat(survey).hasPassed(Elements.RECORD_CANCELLED, Elements.SURVEY_CANCELLED).isEnded();
    assertThat(row(survey).status()).isEqualTo(Status.CANCELLED);
    verify(sender, never()).sendInteractive(anyLong(), anyString(), anyString(), any(Interactive.class));
  }

  @Test
  void aRestartWhileWaitingChangesNothingTheTimerLivesInTheDatabase() {
    ProcessInstance survey = close();
    Job timer = job(Elements.WAIT_DELAY, survey);
    Date due = timer.getDuedate();
    // what a restart loses: every in-memory cache of the engine (deployed models, job acquisition state)
    ProcessEngineConfigurationImpl config = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    config.getDeploymentCache().discardProcessDefinitionCache();
    config.getDeploymentCache().discardDecisionDefinitionCache();

    Job reloaded = managementService.createJobQuery().processInstanceId(survey.getId()).timers().singleResult();
    assertThat(reloaded.getId()).isEqualTo(timer.getId());
    assertThat(reloaded.getDuedate()).isEqualTo(due);
    ClockUtil.setCurrentTime(Date.from(due.toInstant().plusSeconds(1)));
    assertThat(dueNow(reloaded)).isTrue();
    execute(reloaded);
    execute(job(Elements.SEND_QUESTION, survey));

    assertThat(survey).isWaitingAt(Elements.WAIT_FOR_ANSWER);
    verify(sender).sendInteractive(eq(closed.id()), anyString(), eq("bot"), any(Interactive.class));
  }

  // --- helpers

  private ProcessInstance close() {
    closeProtocol();
    return survey();
  }

  private void closeProtocol() {
    Conversation conversation = conversations.open(customerId, NUMBER);
    conversations.setProtocol(conversation.id(), protocol());
    conversations.close(conversation.id());
    closed = conversations.findById(conversation.id()).orElseThrow();
    new TransactionTemplate(transactionManager).executeWithoutResult(status -> publisher.publishEvent(
        new ProtocolClosed(closed.id(), closed.protocol(), customerId, NUMBER, "bruno", "atendimento")));
  }

  private ProcessInstance closedAndDue() {
    ProcessInstance survey = close();
    execute(job(Elements.WAIT_DELAY, survey));
    return survey;
  }

  private ProcessInstance askedAndWaiting() {
    ProcessInstance survey = closedAndDue();
    execute(job(Elements.SEND_QUESTION, survey));
    assertThat(survey).isWaitingAt(Elements.WAIT_FOR_ANSWER);
    return survey;
  }

  private ProcessInstance survey() {
    return runtimeService.createProcessInstanceQuery().processDefinitionKey(SurveyProcess.KEY)
        .processInstanceBusinessKey(CorrelationKeys.of(customerId, NUMBER)).orderByProcessInstanceId().desc().list().get(0);
  }

  private Row row(ProcessInstance survey) {
    return records.ofProcess(survey.getId()).orElseThrow();
  }

  private void configure(SurveySettingsStore.Stored stored) {
    settings.save(NUMBER, stored, "test");
  }

  private boolean dueNow(Job job) {
    return managementService.createJobQuery().jobId(job.getId()).executable().count() == 1;
  }

  /** The customer's last message to the number (the 24-hour window is per customer and number). */
  private void lastWroteAgo(Duration ago) {
    jdbc.sql("delete from customer_window where customer_id = ? and phone_number_id = ?").params(customerId, NUMBER).update();
    windows.customerWrote(customerId, NUMBER, Instant.now().minus(ago));
  }

  private static String protocol() {
    return "20261206-" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
  }

  private void customerWrites(String text) {
    deliver(message(text));
  }

  private InboundMessage message(String text) {
    return new InboundMessage("wamid." + UUID.randomUUID(), NUMBER, "5511940000000", waId, null, "Maria", null, Instant.now(),
        MessageType.TEXT, text, null, null, null);
  }

  /** The customer's message as the inbound event processor hands it over: in one transaction. */
  private void deliver(InboundMessage message) {
    new TransactionTemplate(transactionManager).executeWithoutResult(status -> inbound.onMessage(message));
  }

  private static MessageSender.SentMessage sent() {
    return new MessageSender.SentMessage(1, "wamid." + UUID.randomUUID(), DeliveryStatus.ACCEPTED);
  }

  private static void await(java.util.concurrent.Callable<Boolean> condition) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(condition);
  }
}
