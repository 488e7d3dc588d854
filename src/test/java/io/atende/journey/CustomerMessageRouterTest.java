package io.atende.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.MessageLog;
import io.atende.conversation.MessageSender;
import io.atende.conversation.TemplateContacts;
import io.atende.conversation.TemplateContacts.Origin;
import io.atende.journey.ConversationProcess.Variables;
import io.atende.whatsapp.InboundMessage;
import io.atende.whatsapp.InboundMessageListener;
import io.atende.whatsapp.MessageType;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who takes a customer's message, through the router and the deployed decision {@code replyRouting}: a process that
 * waits for this customer on this number gets it by message name and business key, whatever process it is; a reply
 * with nothing waiting starts the number's journey. (The bot's own paths — answer, busy bot, agent — are in
 * {@link ConversationJourneyScenarioTest}; every row of the table in {@link ReplyRoutingDecisionTest}.)
 */
@SpringBootTest(properties = {
    "spring.datasource.url=jdbc:h2:mem:message-router;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.whatsapp.numbers[0].phone-number-id=" + CustomerMessageRouterTest.NUMBER,
    "atende.whatsapp.numbers[0].display-phone-number=5511940000000",
    "atende.whatsapp.numbers[1].phone-number-id=" + CustomerMessageRouterTest.SECOND_NUMBER,
    "atende.whatsapp.numbers[1].display-phone-number=5511950000000",
    "atende.whatsapp.numbers[1].journey=" + CustomerMessageRouterTest.SECOND_JOURNEY})
class CustomerMessageRouterTest {

  static final String NUMBER = "106540352242922";
  static final String SECOND_NUMBER = "106540352242933";
  static final String SECOND_JOURNEY = "secondNumberJourney";

  @MockitoBean MessageSender sender;

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtimeService;
  @Autowired RepositoryService repositoryService;
  @Autowired HistoryService historyService;
  @Autowired InboundMessageListener inbound;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;
  @Autowired MessageLog messageLog;
  @Autowired TemplateContacts templateContacts;
  @Autowired PlatformTransactionManager transactionManager;

  private String waId;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    waId = "55119" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
    if (repositoryService.createProcessDefinitionQuery().processDefinitionKey(SECOND_JOURNEY).count() == 0) {
      deploy(Bpmn.createExecutableProcess(SECOND_JOURNEY).camundaHistoryTimeToLive(1)
          .startEvent().userTask("Greet").name("Greet on the second number").endEvent().done());
      for (String message : new String[] {"CustomerReply", "SurveyAnswer", "AnalystMessage"}) {
        deploy(Bpmn.createExecutableProcess("waitsFor" + message).camundaHistoryTimeToLive(1)
            .startEvent().receiveTask("Wait").message(message).userTask("Received").endEvent().done());
      }
    }
  }

  @Test
  void replyToAnActiveContactGoesToTheContactThatWaitsForItNotToTheBot() {
    ProcessInstance contact = waiting("CustomerReply", NUMBER);

    long messageId = customerWrites(NUMBER, "Oi, recebi sua mensagem");

    assertThat(contact).hasPassed("Wait").isWaitingAt("Received")
        .variables().containsEntry(Variables.CUSTOMER_MESSAGE_ID, messageId).doesNotContainKey(Variables.ANSWER);
    assertThat(journeysOf(NUMBER)).as("no bot").isZero();
  }

  @Test
  void answerToASurveyGoesToTheSurvey() {
    ProcessInstance survey = waiting("SurveyAnswer", NUMBER);

    customerWrites(NUMBER, "5");

    assertThat(survey).isWaitingAt("Received");
    assertThat(journeysOf(NUMBER)).isZero();
  }

  @Test
  void anyProcessAnAnalystMadeReceivesTheMessageItWaitsFor() {
    ProcessInstance analysts = waiting("AnalystMessage", NUMBER);

    customerWrites(NUMBER, "sim");

    assertThat(analysts).isWaitingAt("Received");
  }

  @Test
  void aProcessWaitingOnAnotherNumberDoesNotTakeTheMessage() {
    ProcessInstance onTheOtherNumber = waiting("CustomerReply", SECOND_NUMBER);

    customerWrites(NUMBER, "Oi");

    assertThat(onTheOtherNumber).isWaitingAt("Wait");
    assertThat(journeysOf(NUMBER)).as("the first number's journey starts").isEqualTo(1);
  }

  @Test
  void replyToABatchSendWithNoOpenProtocolGoesToTheBot() {
    long customerId = customers.findOrCreateByWaId(waId, "Maria").id();
    templateContacts.record(customerId, NUMBER, Origin.BATCH, Instant.now());

    customerWrites(NUMBER, "Quero saber mais");

    ProcessInstance journey = journeyOf(NUMBER);
    assertThat(journey).isWaitingAt(ConversationProcess.Elements.SEND_GREETING)
        .variables().containsEntry(Variables.CUSTOMER_ID, customerId).containsEntry(Variables.PHONE_NUMBER_ID, NUMBER);
    assertThat(conversations.findOpen(customerId, NUMBER)).isPresent();
  }

  @Test
  void replyToAnActiveContactWhoseProtocolClosedMeetsTheNumbersJourney() {
    long customerId = customers.findOrCreateByWaId(waId, "Maria").id();
    templateContacts.record(customerId, NUMBER, Origin.ACTIVE_CONTACT, Instant.now());

    customerWrites(NUMBER, "Oi, vi a mensagem agora");

    assertThat(journeyOf(NUMBER)).isWaitingAt(ConversationProcess.Elements.SEND_GREETING);
  }

  @Test
  void aSecondNumberRunsTheJourneyConfiguredForIt() {
    customerWrites(SECOND_NUMBER, "Olá");

    ProcessInstance journey = journeyOf(SECOND_NUMBER);
    assertThat(journey.getProcessDefinitionId()).startsWith(SECOND_JOURNEY + ":");
    assertThat(journey).isWaitingAt("Greet");
    assertThat(journeysOf(NUMBER)).isZero();
  }

  @Test
  void theMessageThatStartsAJourneyIsInTheConversationItOpened() {
    long messageId = customerWrites(NUMBER, "Bom dia");

    long customerId = customers.findByWaId(waId).orElseThrow().id();
    long conversationId = conversations.findOpen(customerId, NUMBER).orElseThrow().id();
    assertThat(messageLog.findById(messageId).orElseThrow().conversationId()).isEqualTo(conversationId);
  }

  @Test
  void aReactionStartsNothing() {
    customerSends(NUMBER, MessageType.REACTION, "👍");

    assertThat(journeysOf(NUMBER)).isZero();
    assertThat(conversations.findOpen(customers.findByWaId(waId).orElseThrow().id(), NUMBER)).isEmpty();
  }

  // ---- helpers

  private ProcessInstance waiting(String message, String number) {
    long customerId = customers.findOrCreateByWaId(waId, "Maria").id();
    ProcessInstance instance = runtimeService.startProcessInstanceByKey("waitsFor" + message, CorrelationKeys.of(customerId, number));
    assertThat(instance).isWaitingAt("Wait");
    return instance;
  }

  private long journeysOf(String number) {
    return customers.findByWaId(waId).map(c -> runtimeService.createProcessInstanceQuery()
        .processInstanceBusinessKey(CorrelationKeys.of(c.id(), number))
        .processDefinitionKeyIn(ConversationProcess.KEY, SECOND_JOURNEY).count()).orElse(0L);
  }

  private ProcessInstance journeyOf(String number) {
    long customerId = customers.findByWaId(waId).orElseThrow().id();
    return runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(CorrelationKeys.of(customerId, number))
        .processDefinitionKeyIn(ConversationProcess.KEY, SECOND_JOURNEY).singleResult();
  }

  private long customerWrites(String number, String text) {
    return customerSends(number, MessageType.TEXT, text);
  }

  /** As the inbound event processor hands a message over: in one transaction; returns the recorded message's id. */
  private long customerSends(String number, MessageType type, String text) {
    String wamid = "wamid." + UUID.randomUUID();
    new TransactionTemplate(transactionManager).executeWithoutResult(status -> inbound.onMessage(
        new InboundMessage(wamid, number, "5511940000000", waId, null, "Maria", null, Instant.now(), type, text, null, null, null)));
    return messageLog.findByWaMessageId(wamid).orElseThrow().id();
  }

  private void deploy(BpmnModelInstance model) {
    String key = model.getDefinitions().getRootElements().iterator().next().getAttributeValue("id");
    repositoryService.createDeployment().name("router-test-" + key).addModelInstance(key + ".bpmn", model).deploy();
  }
}
