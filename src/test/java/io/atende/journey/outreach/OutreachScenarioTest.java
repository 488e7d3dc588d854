package io.atende.journey.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
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
import io.atende.journey.ProtocolEvents;
import io.atende.journey.outreach.OutreachProcess.Elements;
import io.atende.journey.outreach.OutreachProcess.Requested;
import io.atende.journey.outreach.OutreachService.Outcome;
import io.atende.journey.outreach.OutreachService.Result;
import io.atende.platform.CurrentUser;
import io.atende.template.TemplateMessages;
import io.atende.whatsapp.DeliveryStatus;
import io.atende.whatsapp.GraphApiException;
import io.atende.whatsapp.InboundMessage;
import io.atende.whatsapp.InboundMessageListener;
import io.atende.whatsapp.MessageType;
import io.atende.whatsapp.RetryShortlyException;
import io.atende.platform.WebhookRequests;
import java.net.http.HttpClient;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Active contact and recontact (processes/outreach.bpmn, decision outreachDecision), path by path, started as the
 * agent the way the REST API and the Tasklist form do; templates come from the bundled simulator's account (synced
 * at start); sends are recorded by a mock; asynchronous steps and timers run with {@code execute(job())}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:outreach-scenarios;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.whatsapp.numbers[0].phone-number-id=" + OutreachScenarioTest.NUMBER,
    "atende.whatsapp.numbers[0].display-phone-number=5511940000000",
    "atende.whatsapp.numbers[1].phone-number-id=" + OutreachScenarioTest.OTHER_NUMBER,
    "atende.whatsapp.numbers[1].display-phone-number=5511950000000"})
class OutreachScenarioTest {

  static final String NUMBER = "106540352242922";
  /** A number of the company not enabled for the agents. */
  static final String OTHER_NUMBER = "106540352242999";
  static final CurrentUser ANA = new CurrentUser("ana", List.of("atendimento", "comercial", "financeiro"));

  @MockitoBean MessageSender sender;

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired HistoryService historyService;
  @Autowired org.camunda.bpm.engine.ManagementService managementService;
  @Autowired OutreachService outreach;
  @Autowired TemplateMessages templates;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;
  @Autowired TemplateContacts templateContacts;
  @Autowired ProtocolEvents audit;
  @Autowired InboundMessageListener inbound;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired io.atende.limits.MessagingLimits limits;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  @org.springframework.boot.test.web.server.LocalServerPort int port;
  @org.springframework.beans.factory.annotation.Value("${atende.whatsapp.app-secret}") String appSecret;

  private String phone;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    int n = ThreadLocalRandom.current().nextInt(1_000_0000, 9_999_9999);
    phone = "(11) 9" + String.valueOf(n).substring(0, 4) + "-" + String.valueOf(n).substring(4);
    await().atMost(Duration.ofSeconds(60)).until(() -> templates.find("recontato", "pt_BR").isPresent());
    when(sender.sendTemplate(anyLong(), anyString(), anyString(), any(PreparedTemplate.class)))
        .thenAnswer(i -> new MessageSender.SentMessage(1, "wamid." + UUID.randomUUID(), DeliveryStatus.ACCEPTED));
  }

  @Test
  void activeContactToANewNumberSendsTheTemplateOpensAProtocolAndWaitsForTheReply() {
    Outcome outcome = activeContact(phone, "recontato", List.of("Maria"));

    assertThat(outcome.result()).isEqualTo(Result.SENT);
    assertThat(outcome.protocol()).matches("\\d{8}-\\d{6}");
    assertThat(outcome.message()).contains(outcome.protocol()).contains("a conversa começa quando o cliente responder");
    ProcessInstance contact = instance(outcome);
    assertThat(contact).hasPassed(Elements.CHECK_REQUEST, Elements.DECIDE_CONTACT, Elements.OPEN_CONTACT_PROTOCOL)
        .isWaitingAt(Elements.SEND_CONTACT_TEMPLATE)
        .variables().containsEntry(OutreachProcess.Variables.OUTCOME, "SEND").containsEntry(OutreachProcess.Variables.REQUESTED_BY, "ana")
        .containsEntry(OutreachProcess.Variables.PHONE, waId());
    assertThat(contact.getBusinessKey()).isEqualTo(CorrelationKeys.of(customerId(), NUMBER));
    Conversation conversation = openConversation();
    assertThat(conversation.protocol()).isEqualTo(outcome.protocol());
    assertThat(conversation.assignee()).isEqualTo("ana");
    assertThat(customers.findByWaId(waId()).orElseThrow().profileName()).isEqualTo("Maria Souza");

    execute(job(Elements.SEND_CONTACT_TEMPLATE, contact));

    assertThat(contact).isWaitingAt(Elements.WAIT_FOR_REPLY);
    verify(sender).sendTemplate(eq(conversation.id()), anyString(), eq("ana"), any(PreparedTemplate.class));
    assertThat(templateContacts.lastOrigin(customerId(), NUMBER)).contains(TemplateContacts.Origin.ACTIVE_CONTACT);
  }

  @Test
  void theCustomersReplyLandsOnTheTaskOfTheAgentWhoMadeTheContact() {
    ProcessInstance contact = sentAndWaiting(activeContact(phone, "recontato", List.of("Maria")));

    customerWrites("Oi! Recebi a mensagem");

    assertThat(contact).hasPassed(Elements.WAIT_FOR_REPLY).isWaitingAt(Elements.ATTEND_CUSTOMER);
    ProcessInstance attendance = calledProcessInstance(contact);
    Task task = task(attendance);
    assertThat(task).isAssignedTo("ana");
    // still offered to the queue (a transfer or a supervisor's unclaim hands it to the queue's agents)
    assertThat(taskService.getIdentityLinksForTask(task.getId())).anySatisfy(link -> {
      assertThat(link.getType()).isEqualTo("candidate");
      assertThat(link.getGroupId()).isEqualTo("atendimento");
    });
    assertThat(task.getTaskDefinitionKey()).isEqualTo(AttendanceProcess.Elements.ATTEND_CUSTOMER);
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(ConversationProcess.KEY)
        .processInstanceBusinessKey(contact.getBusinessKey()).count()).as("no bot").isZero();

    taskService.complete(task.getId());

    assertThat(contact).hasPassed(Elements.ATTEND_CUSTOMER, Elements.CONTACT_ATTENDED).isEnded();
    assertThat(conversations.findById(conversationId(contact)).orElseThrow().status()).isEqualTo(ConversationStore.Status.CLOSED);
  }

  /**
   * The customer answers the template before the send's job has committed (Meta shows it at once: a quick customer, or a
   * machine): no process waits for the reply yet. The reply is routed again a moment later (decision replyRouting,
   * ContactOnItsWay: its inbound event is rolled back and tried again, the customer's later messages behind it) and then
   * reaches the agent who made the contact.
   */
  @Test
  void aReplyThatComesWhileTheTemplateIsStillOnItsWayIsRoutedAgainAndReachesTheAgent() {
    ProcessInstance contact = instance(activeContact(phone, "recontato", List.of("Maria")));
    InboundMessage reply = reply("Oi! Recebi a mensagem", Instant.now());

    assertThatThrownBy(() -> deliver(reply)).isInstanceOf(RetryShortlyException.class);
    assertThat(contact).isWaitingAt(Elements.SEND_CONTACT_TEMPLATE);
    assertThat(recorded(reply)).as("rolled back, to come again").isZero();

    execute(job(Elements.SEND_CONTACT_TEMPLATE, contact));
    deliver(reply);

    assertThat(contact).hasPassed(Elements.WAIT_FOR_REPLY).isWaitingAt(Elements.ATTEND_CUSTOMER);
    assertThat(task(calledProcessInstance(contact))).isAssignedTo("ana");
    assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(contact.getId())
        .variableName(ConversationProcess.Variables.CUSTOMER_MESSAGE_ID).singleResult().getValue()).isEqualTo(messageId(reply));
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(ConversationProcess.KEY)
        .processInstanceBusinessKey(contact.getBusinessKey()).count()).as("no bot").isZero();
  }

  /**
   * The same through the webhook, as Meta sends it: the reply's inbound event is routed again until the contact waits,
   * and the customer's next message, in the same second, stays behind it and is left for the agent.
   */
  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void throughTheWebhookAReplyWhileTheTemplateIsOnItsWayReachesTheContactAndTheNextOneStaysBehindIt(CapturedOutput log) throws Exception {
    ProcessInstance contact = instance(activeContact(phone, "recontato", List.of("Maria")));
    String first = "wamid.first-" + UUID.randomUUID();
    String second = "wamid.second-" + UUID.randomUUID();

    assertThat(webhook(WebhookRequests.textMessage(waId(), first, "Oi! Recebi a mensagem"))).isEqualTo(200);
    assertThat(webhook(WebhookRequests.textMessage(waId(), second, "Pode me ligar amanhã?"))).isEqualTo(200);
    // the first one is tried and put back while the send is on its way, the second one waits behind it
    await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from inbound_event where last_error like ?")
        .param("%" + contact.getBusinessKey() + " is sending%").query(Long.class).single() > 0);
    assertThat(contact).isWaitingAt(Elements.SEND_CONTACT_TEMPLATE);

    execute(job(Elements.SEND_CONTACT_TEMPLATE, contact));

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(contact).hasPassed(Elements.WAIT_FOR_REPLY));
    assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(contact.getId())
        .variableName(ConversationProcess.Variables.CUSTOMER_MESSAGE_ID).singleResult().getValue()).isEqualTo(messageIdOf(first));
    await().atMost(Duration.ofSeconds(30)).until(() -> recordedIn(second) != null);
    assertThat(recordedIn(second)).as("left in the contact's conversation, for Ana").isEqualTo(conversationId(contact));
    assertThat(contact).isWaitingAt(Elements.ATTEND_CUSTOMER);
    assertThat(task(calledProcessInstance(contact))).isAssignedTo("ana");
    assertThat(log.getAll()).as("routed again: no failure in the log").doesNotContain("Failed delivery for")
        .doesNotContain("Transaction rollback").doesNotContain("failed (attempt");
  }

  /** A send that does not come to wait (failing, retried for minutes) holds the customer's messages back no longer than that. */
  @Test
  void aReplySentLongerAgoThanTheSendingWaitIsLeftInTheContactsConversation() {
    ProcessInstance contact = instance(activeContact(phone, "recontato", List.of("Maria")));
    InboundMessage reply = reply("Oi! Recebi a mensagem", Instant.now().minus(Duration.ofSeconds(61)));

    deliver(reply);

    assertThat(contact).isWaitingAt(Elements.SEND_CONTACT_TEMPLATE);
    assertThat(recorded(reply)).isEqualTo(1);
    assertThat(jdbc.sql("select conversation_id from chat_message where wa_message_id = ?").param(reply.waMessageId())
        .query(Long.class).single()).isEqualTo(openConversation().id());
  }

  /**
   * A send whose retries are used up (an incident: it sends nothing until an operator retries it) is not on its way: the
   * customer's message, sent just now, is left in the contact's conversation at once, not held back.
   */
  @Test
  void aReplyWhileTheTemplatesSendHasAnIncidentIsLeftInTheContactsConversationAtOnce() {
    ProcessInstance contact = instance(activeContact(phone, "recontato", List.of("Maria")));
    managementService.setJobRetries(job(Elements.SEND_CONTACT_TEMPLATE, contact).getId(), 0);
    InboundMessage reply = reply("Oi! Recebi a mensagem", Instant.now());

    deliver(reply);

    assertThat(contact).isWaitingAt(Elements.SEND_CONTACT_TEMPLATE);
    assertThat(recorded(reply)).isEqualTo(1);
    assertThat(jdbc.sql("select conversation_id from chat_message where wa_message_id = ?").param(reply.waMessageId())
        .query(Long.class).single()).isEqualTo(openConversation().id());
  }

  @Test
  void activeContactToAKnownCustomerIsRefusedWithContactExists() {
    talkedBefore(waId(), "Maria Souza");

    Outcome outcome = activeContact(phone, "recontato", List.of("Maria"));

    assertThat(outcome.result()).isEqualTo(Result.CONTACT_EXISTS);
    assertThat(outcome.message()).isEqualTo("Esse contato já existe. Clique em Recontato para ir para tela de Recontato");
    assertThat(instance(outcome)).hasPassed(Elements.REFUSED_CONTACT_EXISTS).isEnded();
    assertThat(conversations.findOpen(customerId(), NUMBER)).isEmpty();
    verify(sender, never()).sendTemplate(anyLong(), anyString(), anyString(), any(PreparedTemplate.class));
  }

  @Test
  void recontactOfAKnownCustomerWithoutOpenProtocolStartsANewService() {
    talkedBefore(waId(), "Maria Souza");

    Outcome outcome = outreach.request(ANA, Requested.RECONTACT, request(phone, "recontato", List.of("Maria")));

    assertThat(outcome.result()).isEqualTo(Result.SENT);
    ProcessInstance contact = sentAndWaiting(outcome);
    assertThat(templateContacts.lastOrigin(customerId(), NUMBER)).contains(TemplateContacts.Origin.RECONTACT);
    assertThat(contact).variables().containsEntry(OutreachProcess.Variables.REQUESTED, "recontact");
  }

  @Test
  void recontactOfSomeoneWhoNeverTalkedWithTheCompanyPointsToActiveContact() {
    Outcome outcome = outreach.request(ANA, Requested.RECONTACT, request(phone, "recontato", List.of("Maria")));

    assertThat(outcome.result()).isEqualTo(Result.NOT_A_CONTACT);
    assertThat(outcome.message()).contains("Contato Ativo");
    assertThat(instance(outcome)).hasPassed(Elements.REFUSED_NOT_A_CONTACT).isEnded();
  }

  @Test
  void aCustomerInServiceIsRefusedWithTheOpenProtocolAndNothingIsSent() {
    Outcome first = activeContact(phone, "recontato", List.of("Maria"));

    Outcome second = outreach.request(ANA, Requested.RECONTACT, request(phone, "recontato", List.of("Maria")));

    assertThat(second.result()).isEqualTo(Result.IN_SERVICE);
    assertThat(second.protocol()).isEqualTo(first.protocol());
    assertThat(second.message()).isEqualTo("Esse cliente já está em atendimento. Protocolo " + first.protocol() + ".");
    assertThat(instance(second)).hasPassed(Elements.REFUSED_IN_SERVICE).isEnded();
  }

  @Test
  void aStartThatBypassesTheApiIsCheckedByTheProcessItself() {
    // as a hostile caller of /engine-rest would: a number not enabled for the agent, and someone else named as requester
    engine.getIdentityService().setAuthentication(ANA.id(), ANA.groupIds());
    ProcessInstance forged;
    try {
      forged = runtimeService.startProcessInstanceByKey(OutreachProcess.KEY, OutreachVariables.of(Requested.ACTIVE_CONTACT,
          new OutreachRequest(OTHER_NUMBER, phone, "Maria", new OutreachRequest.TemplateChoice("recontato", "pt_BR", List.of("Maria"), null)))
          .putValue(OutreachProcess.Variables.REQUESTED_BY, "admin"));
    } finally {
      engine.getIdentityService().clearAuthentication();
    }

    assertThat(forged).hasPassed(Elements.REQUEST_INVALID, Elements.REFUSED_INVALID).isEnded()
        .variables().containsEntry(OutreachProcess.Variables.REQUESTED_BY, "ana");
    assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(forged.getId())
        .variableName(OutreachProcess.Variables.REFUSAL).singleResult().getValue().toString())
        .contains("não está habilitado para você");
    verify(sender, never()).sendTemplate(anyLong(), anyString(), anyString(), any(PreparedTemplate.class));
  }

  @Test
  void aTemplateWhatsAppWillNotDeliverClosesTheProtocolWithTheReason() {
    when(sender.sendTemplate(anyLong(), anyString(), anyString(), any(PreparedTemplate.class)))
        .thenThrow(new GraphApiException(400, 131026, "Message undeliverable", "not a WhatsApp user", "trace", false, null));
    Outcome outcome = activeContact(phone, "recontato", List.of("Maria"));
    ProcessInstance contact = instance(outcome);

    execute(job(Elements.SEND_CONTACT_TEMPLATE, contact));

    assertThat(contact).hasPassed(Elements.TEMPLATE_NOT_SENT, Elements.CLOSE_UNSENT_CONTACT, Elements.CONTACT_NOT_SENT).isEnded();
    Conversation closed = conversations.findById(conversationId(contact)).orElseThrow();
    assertThat(closed.status()).isEqualTo(ConversationStore.Status.CLOSED);
    assertThat(audit.ofConversation(closed.id())).last().satisfies(e -> {
      assertThat(e.type()).isEqualTo(ProtocolEvents.Type.UNREACHABLE);
      assertThat(e.note()).contains("131026");
    });
  }

  @Test
  void noReplyInTheModelsTimeClosesTheProtocolAndALaterMessageMeetsTheJourney() {
    ProcessInstance contact = sentAndWaiting(activeContact(phone, "recontato", List.of("Maria")));

    execute(job(Elements.NO_REPLY, contact));

    assertThat(contact).hasPassed(Elements.CLOSE_UNANSWERED_CONTACT, Elements.CONTACT_UNANSWERED).isEnded();
    assertThat(conversations.findOpen(customerId(), NUMBER)).isEmpty();

    customerWrites("Oi, vi sua mensagem agora");

    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(ConversationProcess.KEY)
        .processInstanceBusinessKey(contact.getBusinessKey()).count()).as("the number's journey").isEqualTo(1);
  }

  @Test
  void overTheMessagingLimitTheContactIsRefusedWithTheReasonBeforeAnythingOpens() {
    long used = limits.usage().used();
    jdbc.sql("update messaging_limit_setting set limit_value = ? where id = 1").param(used).update();
    try {
      Outcome outcome = activeContact(phone, "recontato", List.of("Maria"));

      assertThat(outcome.result()).isEqualTo(Result.LIMIT_REACHED);
      assertThat(outcome.message()).contains("Limite").contains(String.valueOf(used));
      assertThat(instance(outcome)).hasPassed(Elements.RESERVE_MESSAGING_LIMIT, Elements.LIMIT_REACHED, Elements.REFUSED_LIMIT_REACHED)
          .hasNotPassed(Elements.OPEN_CONTACT_PROTOCOL).isEnded();
      assertThat(conversations.findOpen(customerId(), NUMBER)).isEmpty();
      verify(sender, never()).sendTemplate(anyLong(), anyString(), anyString(), any(PreparedTemplate.class));
    } finally {
      jdbc.sql("update messaging_limit_setting set limit_value = null where id = 1").update();
    }
  }

  @Test
  void aContactCountsItsCustomerOnceAndGivesThePlaceBackWhenTheTemplateNeverLeaves() {
    when(sender.sendTemplate(anyLong(), anyString(), anyString(), any(PreparedTemplate.class)))
        .thenThrow(new GraphApiException(400, 131026, "Message undeliverable", "not a WhatsApp user", "trace", false, null));
    long before = limits.usage().used();
    Outcome outcome = activeContact(phone, "recontato", List.of("Maria"));
    ProcessInstance contact = instance(outcome);
    assertThat(contact).variables().containsEntry(OutreachProcess.Variables.LIMIT_RESERVATION, "COUNTED");
    assertThat(limits.usage().used()).isEqualTo(before + 1);

    execute(job(Elements.SEND_CONTACT_TEMPLATE, contact));

    assertThat(contact).hasPassed(Elements.CLOSE_UNSENT_CONTACT).isEnded();
    assertThat(limits.usage().used()).as("the place given back").isEqualTo(before);
  }

  // ---- helpers

  /** A customer who had a conversation with the company, closed now. */
  private void talkedBefore(String waId, String name) {
    conversations.close(conversations.open(customers.findOrCreateByWaId(waId, name).id(), NUMBER).id());
  }

  private Outcome activeContact(String phone, String template, List<String> variables) {
    return outreach.request(ANA, Requested.ACTIVE_CONTACT, request(phone, template, variables));
  }

  private static OutreachRequest request(String phone, String template, List<String> variables) {
    return new OutreachRequest(NUMBER, phone, "Maria Souza", new OutreachRequest.TemplateChoice(template, "pt_BR", variables, null));
  }

  private ProcessInstance sentAndWaiting(Outcome outcome) {
    ProcessInstance contact = instance(outcome);
    execute(job(Elements.SEND_CONTACT_TEMPLATE, contact));
    assertThat(contact).isWaitingAt(Elements.WAIT_FOR_REPLY);
    return contact;
  }

  private static ProcessInstance instance(Outcome outcome) {
    return outcome.instance();
  }

  private String waId() {
    return io.atende.conversation.PhoneNumbers.normalize(phone);
  }

  private long customerId() {
    return customers.findByWaId(waId()).orElseThrow().id();
  }

  private Conversation openConversation() {
    return conversations.findOpen(customerId(), NUMBER).orElseThrow();
  }

  private long conversationId(ProcessInstance contact) {
    return (Long) historyService.createHistoricVariableInstanceQuery().processInstanceId(contact.getId())
        .variableName(ConversationProcess.Variables.CONVERSATION_ID).singleResult().getValue();
  }

  private void customerWrites(String text) {
    deliver(reply(text, Instant.now()));
  }

  private InboundMessage reply(String text, Instant sentAt) {
    return new InboundMessage("wamid." + UUID.randomUUID(), NUMBER, "5511940000000", waId(), null, "Maria", null, sentAt,
        MessageType.TEXT, text, null, null, null);
  }

  /** The customer's message as the inbound event processor hands it over: in one transaction. */
  private void deliver(InboundMessage message) {
    new TransactionTemplate(transactionManager).executeWithoutResult(status -> inbound.onMessage(message));
  }

  private int webhook(String body) throws Exception {
    return HttpClient.newHttpClient().send(WebhookRequests.signedPost("http://localhost:" + port, body, appSecret),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private long messageIdOf(String wamid) {
    return jdbc.sql("select id from chat_message where wa_message_id = ?").param(wamid).query(Long.class).single();
  }

  /** The conversation the message was recorded in; null while it is not recorded. */
  private Long recordedIn(String wamid) {
    return jdbc.sql("select conversation_id from chat_message where wa_message_id = ?").param(wamid).query(Long.class).optional()
        .orElse(null);
  }

  private long recorded(InboundMessage message) {
    return jdbc.sql("select count(*) from chat_message where wa_message_id = ?").param(message.waMessageId()).query(Long.class).single();
  }

  private long messageId(InboundMessage message) {
    return jdbc.sql("select id from chat_message where wa_message_id = ?").param(message.waMessageId()).query(Long.class).single();
  }
}
