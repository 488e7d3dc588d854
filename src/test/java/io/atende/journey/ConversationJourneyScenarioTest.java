package io.atende.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.MessageLog;
import io.atende.conversation.MessageSender;
import io.atende.conversation.MessageSender.OutsideServiceWindowException;
import io.atende.journey.ConversationProcess.AskAndWait;
import io.atende.journey.ConversationProcess.Elements;
import io.atende.journey.ConversationProcess.Variables;
import io.atende.journey.ProtocolEvents.Event;
import io.atende.journey.ProtocolEvents.Type;
import io.atende.whatsapp.GraphApiException;
import io.atende.whatsapp.InboundMessage;
import io.atende.whatsapp.InboundMessageListener;
import io.atende.whatsapp.MessageType;
import io.atende.whatsapp.RetryShortlyException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bot journey and the hand-off to agents, path by path: customer messages go in through the inbound
 * listener (as the webhook's processing does), async steps and timers run with {@code execute(job())}, in the journey
 * or in the question it calls ({@code ask-and-wait}). The texts are the model's (processes/conversation.bpmn).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:journey-scenarios;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.agents.limits.lia=1"})
@Import(ProcessEngineCoverageConfiguration.class)
class ConversationJourneyScenarioTest {

  private static final String BUSINESS_NUMBER = "106540352242922";
  private static final String MENU = "Digite o número da opção desejada:\n1 – Comercial\n2 – Financeiro\n3 – Suporte técnico";
  private static final String GREETING = "Olá! Você está falando com o atendimento. Em que podemos ajudar?";
  private static final String MENU_HINT = "Não entendi sua resposta. Por favor, digite só o número de uma das opções abaixo.";
  private static final String NOT_UNDERSTOOD = "Desculpe, aqui só consigo entender texto. Por favor, escreva sua resposta.";
  private static final String HAND_OVER = "Não consegui identificar a opção desejada. Vou encaminhar você para um de nossos atendentes.";
  private static final String ASK_DOCUMENT = "Para continuar, informe o seu CPF ou, se for uma empresa, o CNPJ.";
  private static final String INVALID_DOCUMENT = "Não consegui validar esse documento. Confira os números e envie o CPF ou CNPJ novamente.";
  private static final String UNIDENTIFIED =
      "Não foi possível validar o documento, mas vamos seguir com o seu atendimento; um atendente confirmará seus dados.";
  private static final String REMINDER = "Você ainda está aí? Estamos aguardando sua resposta para continuar o atendimento.";
  private static final String GOODBYE = "Como não recebemos sua resposta, estamos encerrando este atendimento. "
      + "Quando precisar, é só nos chamar por aqui. Até logo!";

  @MockitoBean
  MessageSender sender;

  @Autowired ProcessEngine engine;
  @Autowired javax.sql.DataSource dataSource;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired HistoryService historyService;
  @Autowired InboundMessageListener inbound;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;
  @Autowired MessageLog messageLog;
  @Autowired ProtocolEvents audit;
  @Autowired ConversationTransfers transfers;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired AnswerQueue answerQueue;

  private String waId;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    waId = "55119" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
  }

  // ---- bot: greeting and menu

  @Test
  void customerWhoWritesWithoutOpenProtocolIsGreetedAndShownTheMenu() {
    ProcessInstance journey = customerWrites("Oi, boa tarde");

    assertThat(journey).isWaitingAt(Elements.SEND_GREETING);
    run(journey, Elements.SEND_GREETING);
    assertThat(journey).isWaitingAt(Elements.ASK_MENU);
    askQuestion(journey);

    assertThat(question(journey)).isWaitingAt(AskAndWait.WAIT_FOR_ANSWER);
    assertThat(journey).variables().containsEntry(Variables.CONVERSATION_ID, conversationId())
        .containsEntry(Variables.CUSTOMER_NAME, "Maria Silva").containsEntry(Variables.PHONE_NUMBER_ID, BUSINESS_NUMBER);
    assertThat(journey.getBusinessKey()).as("correlation key: customer and business number")
        .isEqualTo(CorrelationKeys.of(conversation().customerId(), BUSINESS_NUMBER));
    assertThat(conversation().processInstanceId()).isEqualTo(journey.getId());
    verifySent(GREETING);
    verifySent(MENU);
  }

  @Test
  void answerThatChoosesAnOptionSetsTheQueueAndAsksForTheDocument() {
    ProcessInstance journey = atMenu();

    customerWrites("1 – Comercial");

    assertThat(journey).hasPassed(Elements.MATCH_MENU_ANSWER).isWaitingAt(Elements.ASK_DOCUMENT)
        .variables().containsEntry(Variables.QUEUE, "comercial").containsEntry(Variables.QUEUE_LABEL, "Comercial")
        .doesNotContainKey(Variables.ANSWER);
    askQuestion(journey);
    assertThat(question(journey)).isWaitingAt(AskAndWait.WAIT_FOR_ANSWER);
    verifySent(ASK_DOCUMENT);
  }

  @ParameterizedTest
  @CsvSource({"1, comercial", "2, financeiro", "3, suporte", "suporte técnico, suporte", "quero pagar um boleto, financeiro"})
  void eachMenuOptionLeadsToItsQueue(String answer, String queue) {
    ProcessInstance journey = atMenu();

    customerWrites(answer);

    assertThat(journey).isWaitingAt(Elements.ASK_DOCUMENT).variables().containsEntry(Variables.QUEUE, queue);
  }

  @Test
  void answerThatChoosesNothingGetsAHintAndTheMenuAgain() {
    ProcessInstance journey = atMenu();

    customerWrites("quero saber do meu pedido");

    assertThat(journey).isWaitingAt(Elements.SEND_MENU_HINT).variables().containsEntry(Variables.MENU_MISSES, 1);
    run(journey, Elements.SEND_MENU_HINT);
    askQuestion(journey);
    assertThat(question(journey)).isWaitingAt(AskAndWait.WAIT_FOR_ANSWER);
    verifySent(MENU_HINT);
    verify(sender, times(2)).sendText(eq(conversationId()), anyString(), eq(BotMessages.SENDER), eq(MENU));

    customerWrites("2");
    assertThat(journey).isWaitingAt(Elements.ASK_DOCUMENT).variables().containsEntry(Variables.QUEUE, "financeiro");
  }

  @Test
  void mediaWhereTextIsExpectedGetsNotUnderstoodAndTheMenuAgain() {
    ProcessInstance journey = atMenu();

    customerSends(MessageType.STICKER, null);

    assertThat(journey).isWaitingAt(Elements.SEND_NOT_UNDERSTOOD).variables().containsEntry(Variables.ANSWER_WAS_TEXT, false);
    run(journey, Elements.SEND_NOT_UNDERSTOOD);
    assertThat(journey).isWaitingAt(Elements.ASK_MENU);
    verifySent(NOT_UNDERSTOOD);
    verify(sender, never()).sendText(anyLong(), anyString(), anyString(), eq(MENU_HINT));
  }

  @Test
  void tooManyMissesHandTheCustomerToTheDefaultQueue() {
    ProcessInstance journey = atMenu();

    for (int miss = 1; miss < 3; miss++) {
      customerWrites("??");
      run(journey, Elements.SEND_MENU_HINT);
      askQuestion(journey);
    }
    customerWrites("não sei");

    assertThat(journey).isWaitingAt(Elements.SEND_HAND_OVER_NOTICE).variables()
        .containsEntry(Variables.MENU_MISSES, 3).containsEntry(Variables.QUEUE, "atendimento")
        .containsEntry(Variables.QUEUE_LABEL, "Atendimento");
    run(journey, Elements.SEND_HAND_OVER_NOTICE);
    assertThat(journey).isWaitingAt(Elements.ASK_DOCUMENT);
    verifySent(HAND_OVER);
  }

  // ---- bot: identification

  @Test
  void validCpfIsStoredAsTheCustomersCode() {
    ProcessInstance journey = atDocumentQuestion("1");

    customerWrites("529.982.247-25");

    assertThat(journey).hasPassed(Elements.VALIDATE_DOCUMENT, Elements.OPEN_PROTOCOL)
        .isWaitingAt(Elements.SEND_PROTOCOL).variables().containsEntry(Variables.IDENTIFIED, true)
        .doesNotContainKeys(Variables.DOCUMENT_ANSWER, Variables.ANSWER);
    assertThat(customers.findByWaId(waId).orElseThrow().document()).isEqualTo("52998224725");
    assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(journey.getId())
        .variableNameIn(Variables.ANSWER, Variables.DOCUMENT_ANSWER).count()).as("no message text or document in history").isZero();
  }

  @Test
  void validCnpjIsStoredAsTheCustomersCode() {
    ProcessInstance journey = atDocumentQuestion("2");

    customerWrites("12.ABC.345/01DE-35");

    assertThat(journey).hasPassed(Elements.VALIDATE_DOCUMENT).isWaitingAt(Elements.SEND_PROTOCOL);
    assertThat(customers.findByWaId(waId).orElseThrow().document()).isEqualTo("12ABC34501DE35");
  }

  @Test
  void invalidDocumentIsAskedForAgainThenAccepted() {
    ProcessInstance journey = atDocumentQuestion("3");

    customerWrites("123.456.789-00");

    assertThat(journey).isWaitingAt(Elements.ASK_DOCUMENT_AGAIN).variables().containsEntry(Variables.DOCUMENT_ATTEMPTS, 1);
    askQuestion(journey);
    assertThat(question(journey)).isWaitingAt(AskAndWait.WAIT_FOR_ANSWER);
    verifySent(INVALID_DOCUMENT);

    customerWrites("11.222.333/0001-81");
    assertThat(journey).isWaitingAt(Elements.SEND_PROTOCOL).variables().containsEntry(Variables.IDENTIFIED, true);
    assertThat(customers.findByWaId(waId).orElseThrow().document()).isEqualTo("11222333000181");
  }

  @Test
  void tooManyInvalidDocumentsLetTheJourneyGoOnUnidentified() {
    ProcessInstance journey = atDocumentQuestion("1");

    for (int attempt = 1; attempt < 3; attempt++) {
      customerWrites("não tenho");
      askQuestion(journey);
    }
    customerWrites("111.111.111-11");

    assertThat(journey).isWaitingAt(Elements.SEND_UNIDENTIFIED_NOTICE).variables()
        .containsEntry(Variables.DOCUMENT_ATTEMPTS, 3).containsEntry(Variables.IDENTIFIED, false);
    run(journey, Elements.SEND_UNIDENTIFIED_NOTICE);
    assertThat(journey).hasPassed(Elements.OPEN_PROTOCOL).isWaitingAt(Elements.SEND_PROTOCOL);
    verifySent(UNIDENTIFIED);
    assertThat(customers.findByWaId(waId).orElseThrow().document()).isNull();
  }

  @Test
  void mediaWhereTheDocumentIsExpectedAsksForItInWriting() {
    ProcessInstance journey = atDocumentQuestion("2");

    customerSends(MessageType.IMAGE, null);

    assertThat(journey).isWaitingAt(Elements.ASK_DOCUMENT_AS_TEXT).variables().containsEntry(Variables.DOCUMENT_ATTEMPTS, 1);
    askQuestion(journey);
    verifySent(NOT_UNDERSTOOD + " " + ASK_DOCUMENT);
    customerWrites("529.982.247-25");
    assertThat(journey).isWaitingAt(Elements.SEND_PROTOCOL).variables().containsEntry(Variables.IDENTIFIED, true);
  }

  // ---- inactivity

  @Test
  void silentCustomerGetsOneReminderThenAGoodbyeAndTheConversationCloses() {
    ProcessInstance journey = atMenu();

    ProcessInstance question = question(journey);
    run(question, AskAndWait.REMINDER_DUE);
    run(question, AskAndWait.SEND_REMINDER);
    assertThat(question).isWaitingAt(AskAndWait.WAIT_FOR_ANSWER);
    verifySent(REMINDER);

    run(question, AskAndWait.CUSTOMER_SILENT);
    run(question, AskAndWait.SEND_GOODBYE);

    assertThat(journey).hasPassed(Elements.CUSTOMER_GONE, Elements.CLOSE_CONVERSATION, Elements.CONVERSATION_ABANDONED).isEnded();
    verifySent(GOODBYE);
    Conversation closed = conversations.findById(conversationIdOf(journey)).orElseThrow();
    assertThat(closed.status()).isEqualTo(ConversationStore.Status.CLOSED);
    assertThat(closed.protocol()).isNull();
    assertThat(closed.queue()).isNull();
    assertThat(audit.ofConversation(closed.id())).extracting(Event::type).containsExactly(Type.ABANDONED);
  }

  // ---- customer WhatsApp cannot reach

  @Test
  void customerWhatsAppCannotReachEndsTheConversationInsteadOfRaisingAnIncident() {
    ProcessInstance journey = customerWrites("Oi");
    when(sender.sendText(anyLong(), anyString(), eq(BotMessages.SENDER), eq(GREETING)))
        .thenThrow(new GraphApiException(400, 131026, "Message undeliverable", null, null, false, null));

    run(journey, Elements.SEND_GREETING);

    assertThat(journey).hasPassed(Elements.CUSTOMER_UNREACHABLE, Elements.CLOSE_UNREACHABLE_CONVERSATION,
        Elements.CONVERSATION_UNREACHABLE).hasNotPassed(Elements.ASK_MENU).isEnded();
    Conversation closed = conversation(journey);
    assertThat(closed.status()).isEqualTo(ConversationStore.Status.CLOSED);
    assertThat(audit.ofConversation(closed.id())).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(Type.UNREACHABLE);
      assertThat(e.note()).isEqualTo("WhatsApp error 131026: Message undeliverable");
    });
  }

  @Test
  void customerWhoseWindowClosedBeforeTheProtocolWasSentEndsWithTheProtocolInTheAudit() {
    ProcessInstance journey = atDocumentQuestion("1");
    customerWrites("11.222.333/0001-81");
    assertThat(journey).isWaitingAt(Elements.SEND_PROTOCOL);
    String protocol = (String) runtimeService.getVariable(journey.getId(), Variables.PROTOCOL);
    when(sender.sendText(anyLong(), anyString(), eq(BotMessages.SENDER), startsWith("Seu protocolo")))
        .thenThrow(new OutsideServiceWindowException(conversationIdOf(journey)));

    run(journey, Elements.SEND_PROTOCOL);

    assertThat(journey).hasPassed(Elements.CONVERSATION_UNREACHABLE).hasNotPassed(Elements.ATTEND_CUSTOMER).isEnded();
    assertThat(audit.ofConversation(conversationIdOf(journey))).last().satisfies(e -> {
      assertThat(e.type()).isEqualTo(Type.UNREACHABLE);
      assertThat(e.protocol()).isEqualTo(protocol).isNotNull();
      assertThat(e.queue()).isEqualTo("comercial");
      assertThat(e.note()).isEqualTo("The customer's 24-hour window is closed");
    });
  }

  @Test
  void transferNoticeTheCustomerCannotReceiveIsSkippedAndTheTransferGoesOn() {
    ProcessInstance journey = withAgentQueue("1");
    Task first = agentTask(journey);
    taskService.claim(first.getId(), "ana");
    when(sender.sendText(anyLong(), anyString(), eq(BotMessages.SENDER), contains("transferido")))
        .thenThrow(new OutsideServiceWindowException(conversationIdOf(journey)));

    transfers.toQueue(first.getId(), "financeiro", null);
    run(attendanceOf(journey), AttendanceProcess.Elements.SEND_TRANSFER_NOTICE);

    assertThat(journey).isWaitingAt(Elements.ATTEND_CUSTOMER).hasNotPassed(Elements.CONVERSATION_UNREACHABLE);
    assertThat(agentTask(journey)).hasCandidateGroup("financeiro");
    assertThat(conversation(journey).status()).isEqualTo(ConversationStore.Status.OPEN);
  }

  @Test
  void timersTakeTheirDurationsFromTheModel() {
    ProcessInstance journey = atMenu();

    Instant now = Instant.now();
    Instant reminder = job(AskAndWait.REMINDER_DUE, question(journey)).getDuedate().toInstant();
    Instant goodbye = job(AskAndWait.CUSTOMER_SILENT, question(journey)).getDuedate().toInstant();

    assertThat(reminder).isBetween(now.plusSeconds(4 * 60), now.plusSeconds(5 * 60 + 5));
    assertThat(goodbye).isBetween(now.plusSeconds(14 * 60), now.plusSeconds(15 * 60 + 5));
  }

  @Test
  void answerAfterTheReminderContinuesTheJourney() {
    ProcessInstance journey = atMenu();
    ProcessInstance question = question(journey);
    run(question, AskAndWait.REMINDER_DUE);
    run(question, AskAndWait.SEND_REMINDER);

    customerWrites("3");

    assertThat(journey).isWaitingAt(Elements.ASK_DOCUMENT).variables().containsEntry(Variables.QUEUE, "suporte");
    assertThat(question).isEnded();
    assertThat(BpmnAwareTests.jobQuery().processInstanceId(question.getId()).timers().count()).as("inactivity timers cancelled").isZero();
  }

  @Test
  void silentCustomerAtTheDocumentQuestionIsAlsoRemindedAndLetGo() {
    ProcessInstance journey = atDocumentQuestion("1");

    ProcessInstance question = question(journey);
    run(question, AskAndWait.REMINDER_DUE);
    run(question, AskAndWait.SEND_REMINDER);
    run(question, AskAndWait.CUSTOMER_SILENT);
    run(question, AskAndWait.SEND_GOODBYE);

    assertThat(journey).hasPassed(Elements.CUSTOMER_GONE, Elements.CONVERSATION_ABANDONED).isEnded();
    assertThat(conversation(journey).status()).isEqualTo(ConversationStore.Status.CLOSED);
  }

  // ---- agents

  @Test
  void handOverOpensAProtocolAndOffersTheConversationToTheChosenQueue() {
    ProcessInstance journey = atDocumentQuestion("1");
    customerWrites("52998224725");
    String protocol = (String) runtimeService.getVariable(journey.getId(), Variables.PROTOCOL);

    run(journey, Elements.SEND_PROTOCOL);

    assertThat(protocol).matches("\\d{8}-\\d{6}");
    assertThat(journey).isWaitingAt(Elements.ATTEND_CUSTOMER);
    Task task = agentTask(journey);
    assertThat(task).hasCandidateGroup("comercial").hasName("Atender " + protocol + " · Maria Silva · Comercial")
        .hasDescription("Protocolo " + protocol + ": Maria Silva aguarda atendimento na fila Comercial. Responda pelo formulário; "
            + "concluir a tarefa encerra o protocolo, ou transfira a conversa para outra fila ou atendente.")
        .hasFormKey("embedded:deployment:forms/agent-desk.html").isNotAssigned();
    Conversation conversation = conversation(journey);
    assertThat(conversation.protocol()).isEqualTo(protocol);
    assertThat(conversation.queue()).isEqualTo("comercial");
    verifySent("Seu protocolo de atendimento é " + protocol
        + ". Você será atendido por um de nossos atendentes de Comercial em instantes; você está na fila.");
    assertThat(audit.ofConversation(conversation.id())).singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(Type.OPENED))
        .satisfies(e -> assertThat(e.protocol()).isEqualTo(protocol))
        .satisfies(e -> assertThat(e.queue()).isEqualTo("comercial"));
  }

  @Test
  void agentWhoClaimsTheConversationBecomesItsAgent() {
    ProcessInstance journey = withAgentQueue("1");

    taskService.claim(agentTask(journey).getId(), "ana");

    assertThat(conversation(journey).assignee()).isEqualTo("ana");
    assertThat(attendanceOf(journey)).variables().containsEntry(Variables.AGENT_ID, "ana");
    assertThat(audit.ofConversation(conversationIdOf(journey))).extracting(Event::type).containsExactly(Type.OPENED, Type.ASSIGNED);
  }

  @Test
  void agentTransfersTheConversationToAnotherQueueKeepingItsHistory() {
    ProcessInstance journey = withAgentQueue("1");
    Task first = agentTask(journey);
    taskService.claim(first.getId(), "ana");
    String protocol = (String) runtimeService.getVariable(journey.getId(), Variables.PROTOCOL);

    transfers.toQueue(first.getId(), "financeiro", "Cliente quer a segunda via do boleto");

    ProcessInstance attendance = attendanceOf(journey);
    assertThat(attendance).hasPassed(AttendanceProcess.Elements.ROUTE_TO_QUEUE).isWaitingAt(AttendanceProcess.Elements.SEND_TRANSFER_NOTICE);
    run(attendance, AttendanceProcess.Elements.SEND_TRANSFER_NOTICE);
    Task second = agentTask(journey);
    assertThat(second.getId()).isNotEqualTo(first.getId());
    assertThat(second).hasCandidateGroup("financeiro").hasName("Atender " + protocol + " · Maria Silva · Financeiro").isNotAssigned();
    assertThat(attendance).variables().containsEntry(Variables.QUEUE, "financeiro").doesNotContainKey(Variables.TRANSFER_TO_QUEUE);
    Conversation conversation = conversation(journey);
    assertThat(conversation.protocol()).isEqualTo(protocol);
    assertThat(conversation.queue()).isEqualTo("financeiro");
    assertThat(conversation.assignee()).isNull();
    assertThat(conversation.status()).isEqualTo(ConversationStore.Status.OPEN);
    verifySent("Seu atendimento (protocolo " + protocol
        + ") foi transferido para a equipe de Financeiro. Aguarde, em instantes você será atendido.");
    assertThat(audit.ofConversation(conversation.id())).last()
        .satisfies(e -> assertThat(e.type()).isEqualTo(Type.TRANSFERRED_TO_QUEUE))
        .satisfies(e -> assertThat(e.actor()).isEqualTo("ana"))
        .satisfies(e -> assertThat(e.queue()).isEqualTo("financeiro"))
        .satisfies(e -> assertThat(e.note()).isEqualTo("Cliente quer a segunda via do boleto"));
  }

  @Test
  void transferToAnUnknownOrTheSameQueueIsRefusedAndChangesNothing() {
    ProcessInstance journey = withAgentQueue("1");
    String taskId = agentTask(journey).getId();

    assertThatThrownBy(() -> transfers.toQueue(taskId, "juridico", null))
        .isInstanceOf(ConversationTransfers.TransferRefusedException.class)
        .hasMessageContaining("Unknown queue 'juridico'").hasMessageContaining("comercial, financeiro, suporte, atendimento");
    assertThatThrownBy(() -> transfers.toQueue(taskId, "comercial", null)).hasMessageContaining("already in queue 'comercial'");
    assertThatThrownBy(() -> transfers.toQueue("no-such-task", "financeiro", null)).hasMessageContaining("No open task 'no-such-task'");
    assertThatThrownBy(() -> transfers.toAgent(taskId, " ", null)).hasMessageContaining("which agent");

    assertThat(journey).isWaitingAt(Elements.ATTEND_CUSTOMER);
    assertThat(agentTask(journey).getId()).isEqualTo(taskId);
  }

  @Test
  void agentTransfersTheConversationToAnotherAgent() {
    ProcessInstance journey = withAgentQueue("3");
    String taskId = agentTask(journey).getId();
    taskService.claim(taskId, "ana");

    transfers.toAgent(taskId, "bruno", "Bruno conhece o caso");

    assertThat(agentTask(journey)).hasId(taskId).isAssignedTo("bruno");
    assertThat(conversation(journey).assignee()).isEqualTo("bruno");
    assertThat(audit.ofConversation(conversationIdOf(journey))).extracting(Event::type, Event::actor, Event::assignee)
        .contains(org.assertj.core.groups.Tuple.tuple(Type.TRANSFERRED_TO_AGENT, "ana", "bruno"));
    assertThat(audit.ofConversation(conversationIdOf(journey))).filteredOn(e -> e.type() == Type.TRANSFERRED_TO_AGENT)
        .singleElement().extracting(Event::note).isEqualTo("Bruno conhece o caso");
  }

  @Test
  void closingTheTaskClosesTheProtocolAndEndsTheService() {
    ProcessInstance journey = withAgentQueue("2");
    Task task = agentTask(journey);
    taskService.claim(task.getId(), "ana");

    taskService.complete(task.getId());

    assertThat(journey).hasPassed(Elements.ATTEND_CUSTOMER, Elements.PROTOCOL_CLOSED).isEnded();
    assertThat(historyService.createHistoricActivityInstanceQuery().activityId(AttendanceProcess.Elements.CLOSE_PROTOCOL)
        .processInstanceId(historyService.createHistoricProcessInstanceQuery().superProcessInstanceId(journey.getId())
            .processDefinitionKey(AttendanceProcess.KEY).singleResult().getId())
        .count()).as("the attendance closed the protocol").isEqualTo(1);
    Conversation closed = conversation(journey);
    assertThat(closed.status()).isEqualTo(ConversationStore.Status.CLOSED);
    assertThat(closed.closedAt()).isNotNull();
    assertThat(audit.ofConversation(closed.id())).last()
        .satisfies(e -> assertThat(e.type()).isEqualTo(Type.CLOSED))
        .satisfies(e -> assertThat(e.actor()).isEqualTo("ana"));
  }

  @Test
  void messageWhileWithAnAgentIsKeptForTheAgentAndNotCorrelated() {
    ProcessInstance journey = withAgentQueue("1");
    String taskId = agentTask(journey).getId();
    clearInvocations(sender);

    customerWrites("Alô? Ainda estou aqui");

    assertThat(journey).isWaitingAt(Elements.ATTEND_CUSTOMER);
    assertThat(agentTask(journey).getId()).isEqualTo(taskId);
    assertThat(messageLog.conversation(conversationIdOf(journey))).extracting(MessageLog.Entry::body).contains("Alô? Ainda estou aqui");
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(ConversationProcess.KEY)
        .processInstanceBusinessKey(journey.getBusinessKey()).count()).isEqualTo(1);
    verify(sender, never()).sendText(anyLong(), anyString(), anyString(), anyString());
  }

  @Test
  void messageWhileTheBotIsStillSendingAnswersItsNextQuestionAndNeverStartsASecondJourney() {
    ProcessInstance journey = customerWrites("Oi");

    customerWrites("1");

    assertThat(messageLog.conversation(conversationIdOf(journey))).as("recorded at once, so an agent sees it").hasSize(2);
    assertThat(journey).isWaitingAt(Elements.SEND_GREETING);
    run(journey, Elements.SEND_GREETING);
    askQuestion(journey);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(journey).isWaitingAt(Elements.ASK_DOCUMENT));
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(ConversationProcess.KEY)
        .processInstanceBusinessKey(journey.getBusinessKey()).count()).isEqualTo(1);
  }

  @Test
  void messagesWhileTheBotIsBusyAnswerItsNextQuestionsInTheOrderSent() {
    ProcessInstance journey = customerWrites("Oi");
    customerWrites("quero falar com alguém");
    customerWrites("financeiro");
    run(journey, Elements.SEND_GREETING);
    askQuestion(journey);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(journey).isWaitingAt(Elements.SEND_MENU_HINT));
    assertThat(journey).variables().containsEntry(Variables.MENU_MISSES, 1);
    run(journey, Elements.SEND_MENU_HINT);
    askQuestion(journey);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(journey).isWaitingAt(Elements.ASK_DOCUMENT));
    assertThat(journey).variables().containsEntry(Variables.QUEUE, "financeiro");
  }

  @Test
  void messageQueuedWhileTheBotReachedItsQuestionIsDeliveredAtOnceNotByTheSweep() throws Exception {
    ProcessInstance journey = customerWrites("Oi");
    run(journey, Elements.SEND_GREETING);
    CountDownLatch queued = new CountDownLatch(1);
    CountDownLatch menuSent = new CountDownLatch(1);
    // the lane queues the answer (the bot is busy) in a transaction that commits only after the menu's did
    CompletableFuture<Void> lane = CompletableFuture.runAsync(() -> new TransactionTemplate(transactionManager)
        .executeWithoutResult(status -> {
          inbound.onMessage(message(MessageType.TEXT, "1"));
          queued.countDown();
          await().atMost(Duration.ofSeconds(10)).until(() -> menuSent.getCount() == 0);
        }));
    assertThat(queued.await(10, TimeUnit.SECONDS)).isTrue();

    askQuestion(journey); // reaches the question while the answer is not committed: it sees no answer
    menuSent.countDown();
    lane.get(10, TimeUnit.SECONDS);

    // the sweep would take 5 s (atende.journey.answer-queue-sweep-age); the answer's own commit delivers it
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(journey).isWaitingAt(Elements.ASK_DOCUMENT));
  }

  @Test
  void queuedMessageIsDeliveredByTheSweepWhenNoTriggerCame() {
    ProcessInstance journey = atMenu();
    long greeting = messageLog.conversation(conversationIdOf(journey)).get(0).id();

    answerQueue.add(conversationIdOf(journey), greeting);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(journey).isWaitingAt(Elements.SEND_MENU_HINT));
    assertThat(answerQueue.hasAny(conversationIdOf(journey))).isFalse();
  }

  @Test
  void aMessageWhileTheProtocolIsOnItsWayIsRoutedAgainThenLeftForTheAgent() {
    ProcessInstance journey = atDocumentQuestion("1");
    customerWrites("529.982.247-25");
    InboundMessage meanwhile = message(MessageType.TEXT, "Tem alguém aí?");

    assertThat(journey).isWaitingAt(Elements.SEND_PROTOCOL);
    // the protocol's message is on its way (decision replyRouting, ContactOnItsWay): the inbound event is rolled back
    // and comes again in a moment
    assertThatThrownBy(() -> deliver(meanwhile)).isInstanceOf(RetryShortlyException.class);
    assertThat(messageLog.conversation(conversationIdOf(journey))).extracting(MessageLog.Entry::body).doesNotContain("Tem alguém aí?");
    run(journey, Elements.SEND_PROTOCOL);
    deliver(meanwhile);

    assertThat(journey).isWaitingAt(Elements.ATTEND_CUSTOMER);
    assertThat(answerQueue.hasAny(conversationIdOf(journey))).as("the protocol is open: nothing waits for the bot").isFalse();
    assertThat(messageLog.conversation(conversationIdOf(journey))).extracting(MessageLog.Entry::body).contains("Tem alguém aí?");
  }

  @Test
  void reactionIsNoAnswer() {
    ProcessInstance journey = atMenu();

    customerSends(MessageType.REACTION, "👍");

    assertThat(question(journey)).isWaitingAt(AskAndWait.WAIT_FOR_ANSWER);
    assertThat(journey).isWaitingAt(Elements.ASK_MENU).variables().doesNotContainKey(Variables.MENU_MISSES);
  }

  @Test
  void messageAfterClosingStartsANewJourney() {
    ProcessInstance first = withAgentQueue("1");
    taskService.complete(agentTask(first).getId());

    ProcessInstance second = customerWrites("Oi de novo");

    assertThat(second.getId()).isNotEqualTo(first.getId());
    assertThat(second.getBusinessKey()).as("same customer, same number").isEqualTo(first.getBusinessKey());
    assertThat(conversationIdOf(second)).as("a new conversation").isNotEqualTo(conversationIdOf(first));
    assertThat(second).isWaitingAt(Elements.SEND_GREETING);
  }

  /** A Camunda user for whom the business number is enabled (only such a user may be given the number's tasks). */
  private void agentWithTheNumber(String userId) {
    var identity = engine.getIdentityService();
    if (identity.createUserQuery().userId(userId).count() == 0) {
      var user = identity.newUser(userId);
      user.setPassword(userId + "-senha-forte");
      identity.saveUser(user);
    }
    var jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
    jdbc.update("insert into agent_settings (user_id, updated_at) select ?, current_timestamp where not exists"
        + " (select 1 from agent_settings where user_id = ?)", userId, userId);
    jdbc.update("insert into agent_number (user_id, phone_number_id) select ?, ? where not exists"
        + " (select 1 from agent_number where user_id = ? and phone_number_id = ?)", userId, BUSINESS_NUMBER, userId, BUSINESS_NUMBER);
  }

  @Test
  void agentAtTheLimitCannotTakeAnotherConversation() {
    agentWithTheNumber("lia");
    ProcessInstance first = withAgentQueue("1");
    waId = waId + "1";
    ProcessInstance second = withAgentQueue("1");
    taskService.claim(agentTask(first).getId(), "lia");
    String secondTask = agentTask(second).getId();

    assertThatThrownBy(() -> taskService.claim(secondTask, "lia"))
        .hasMessageContaining("Agent 'lia' already holds 1 conversation(s), the most allowed at once (1)");
    assertThat(agentTask(second)).isNotAssigned();
    assertThatThrownBy(() -> transfers.toAgent(secondTask, "lia", null)).hasMessageContaining("the most allowed at once");
    assertThat(agentTask(second)).isNotAssigned();

    taskService.complete(agentTask(first).getId());
    taskService.claim(secondTask, "lia");
    assertThat(agentTask(second)).isAssignedTo("lia");
  }

  // ---- helpers

  private ProcessInstance atMenu() {
    ProcessInstance journey = customerWrites("Olá");
    run(journey, Elements.SEND_GREETING);
    askQuestion(journey);
    assertThat(journey).isWaitingAt(Elements.ASK_MENU);
    assertThat(question(journey)).isWaitingAt(AskAndWait.WAIT_FOR_ANSWER);
    return journey;
  }

  private ProcessInstance atDocumentQuestion(String option) {
    ProcessInstance journey = atMenu();
    customerWrites(option);
    assertThat(journey).isWaitingAt(Elements.ASK_DOCUMENT);
    askQuestion(journey);
    assertThat(question(journey)).isWaitingAt(AskAndWait.WAIT_FOR_ANSWER);
    return journey;
  }

  /** The question ({@code ask-and-wait}) the journey waits on. */
  private ProcessInstance question(ProcessInstance journey) {
    return runtimeService.createProcessInstanceQuery().superProcessInstanceId(journey.getId())
        .processDefinitionKey(AskAndWait.KEY).singleResult();
  }

  /** Sends the question the journey called (its asynchronous first step). */
  private void askQuestion(ProcessInstance journey) {
    run(question(journey), AskAndWait.SEND_QUESTION);
  }

  private ProcessInstance withAgentQueue(String option) {
    ProcessInstance journey = atDocumentQuestion(option);
    customerWrites("529.982.247-25");
    run(journey, Elements.SEND_PROTOCOL);
    assertThat(journey).isWaitingAt(Elements.ATTEND_CUSTOMER);
    return journey;
  }

  private ProcessInstance customerWrites(String text) {
    return customerSends(MessageType.TEXT, text);
  }

  /** The customer's message as the inbound event processor hands it over: in one transaction. */
  private ProcessInstance customerSends(MessageType type, String text) {
    InboundMessage message = message(type, text);
    deliver(message);
    Conversation conversation = conversation();
    return runtimeService.createProcessInstanceQuery().processInstanceId(conversation.processInstanceId()).singleResult();
  }

  private void deliver(InboundMessage message) {
    new TransactionTemplate(transactionManager).executeWithoutResult(status -> inbound.onMessage(message));
  }

  private InboundMessage message(MessageType type, String text) {
    return new InboundMessage("wamid." + UUID.randomUUID(), BUSINESS_NUMBER, "5511940000000", waId, null, "Maria Silva", null,
        Instant.now(), type, text, null, null, null);
  }

  /** The agent's task: in the attendance process the journey called. */
  private Task agentTask(ProcessInstance journey) {
    return task(attendanceOf(journey));
  }

  private ProcessInstance attendanceOf(ProcessInstance journey) {
    return calledProcessInstance(journey);
  }

  private void run(ProcessInstance journey, String activityId) {
    execute(job(activityId, journey));
  }

  private Conversation conversation() {
    long customerId = customers.findByWaId(waId).orElseThrow().id();
    return conversations.findOpen(customerId, BUSINESS_NUMBER).orElseThrow();
  }

  private Conversation conversation(ProcessInstance journey) {
    return conversations.findById(conversationIdOf(journey)).orElseThrow();
  }

  private long conversationId() {
    return conversation().id();
  }

  private long conversationIdOf(ProcessInstance journey) {
    return (Long) historyService.createHistoricVariableInstanceQuery().processInstanceId(journey.getId())
        .variableName(Variables.CONVERSATION_ID).singleResult().getValue();
  }

  private void verifySent(String text) {
    verify(sender).sendText(anyLong(), anyString(), eq(BotMessages.SENDER), eq(text));
  }

  @SuppressWarnings("unused")
  private List<Event> trail(ProcessInstance journey) {
    return audit.ofConversation(conversationIdOf(journey));
  }
}
