package io.atende.journey.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.atende.conversation.MessageSender.OutsideServiceWindowException;
import io.atende.conversation.MessageSender.TemplateRequest;
import io.atende.journey.ProtocolEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Each block on a small model built from its element template, as an analyst would draw it in Modeler. */
class BlockBehaviourTest extends BlockTestSupport {

  @Autowired ProtocolEvents audit;

  // ---- Anotar na ficha do protocolo

  @Test
  void addToNotesAddsItsFilledTextAsALineOfTheProtocolNotes() {
    String key = uniqueKey("addToNotes");
    BpmnModelInstance model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(30)
        .startEvent().serviceTask("Note").name("Anotar pedido").serviceTask("NoteAgain").name("Anotar e-mail")
        .userTask("After").name("Depois").endEvent().done();
    ElementTemplates.apply(model, "Note", "AddToNotes", Map.of("text", "Pedido: {orderId}"));
    ElementTemplates.apply(model, "NoteAgain", "AddToNotes", Map.of("text", "E-mail: {email}"));
    deploy(model);
    conversations.saveNotes(conversation.id(), "Cliente antigo");

    ProcessInstance instance = start(key, Map.of("orderId", "A-17", "email", "maria@example.com"));

    assertThat(instance).isWaitingAt("After");
    org.assertj.core.api.Assertions.assertThat(conversations.notes(conversation.id()))
        .isEqualTo("Cliente antigo\nPedido: A-17\nE-mail: maria@example.com");
  }

  // ---- Enviar texto

  @Test
  void sendTextFillsItsVariablesAndSendsAsynchronouslyAsTheBot() {
    String key = uniqueKey("sendText");
    BpmnModelInstance model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(30)
        .startEvent().serviceTask("Greet").name("Saudar").userTask("After").name("Depois").endEvent().done();
    ElementTemplates.apply(model, "Greet", "SendText", Map.of("text", "Olá, {customerName}! Pedido {orderId}{missing}. {{ok}}"));
    deploy(model);

    ProcessInstance instance = start(key, Map.of("orderId", "A-17"));

    assertThat(instance).isWaitingAt("Greet"); // asyncBefore: the send is a job of its own
    runAsyncJob(instance.getId());
    verify(sender).sendText(eq(conversation.id()), anyString(), eq("bot"), eq("Olá, Maria! Pedido A-17. {ok}"));
    assertThat(instance).isWaitingAt("After");
  }

  @Test
  void sendTextToACustomerWhatsAppCannotReachIsTheBpmnErrorCustomerUnreachable() {
    String key = uniqueKey("unreachable");
    BpmnModelInstance model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(30)
        .startEvent().serviceTask("Greet").name("Saudar").userTask("After").name("Depois").endEvent()
        .moveToActivity("Greet").boundaryEvent("Unreachable").error("CustomerUnreachable").userTask("Unreached").name("Sem contato").endEvent()
        .done();
    ElementTemplates.apply(model, "Greet", "SendText", Map.of("text", "Olá"));
    deploy(model);
    when(sender.sendText(anyLong(), anyString(), anyString(), anyString())).thenThrow(new OutsideServiceWindowException(conversation.id()));

    ProcessInstance instance = start(key, Map.of());
    runAsyncJob(instance.getId());

    assertThat(instance).isWaitingAt("Unreached");
  }

  @Test
  void aFailingSendRetriesOnTheJourneysCycleOfFiveTriesTenSecondsApart() {
    String key = uniqueKey("retry");
    BpmnModelInstance model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(30)
        .startEvent().serviceTask("Greet").name("Saudar").endEvent().done();
    ElementTemplates.apply(model, "Greet", "SendText", Map.of("text", "Olá"));
    deploy(model);
    when(sender.sendText(anyLong(), anyString(), anyString(), anyString())).thenThrow(new IllegalStateException("Graph API down"));

    ProcessInstance instance = start(key, Map.of());
    Instant before = Instant.now();
    assertThatThrownBy(() -> runAsyncJob(instance.getId())).hasMessageContaining("Graph API down");

    Job job = managementService.createJobQuery().processInstanceId(instance.getId()).singleResult();
    assertThat(job.getRetries()).isEqualTo(4);
    assertThat(job.getDuedate().toInstant()).isBetween(before.plusSeconds(9), Instant.now().plusSeconds(11));
  }

  // ---- Enviar menu

  @Test
  void showMenuSendsTheHeaderAndTheOptionsOfTheMenuDecisionForTheNumber() {
    String key = uniqueKey("menu");
    BpmnModelInstance model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(30)
        .startEvent().serviceTask("Menu").name("Mostrar menu").endEvent().done();
    ElementTemplates.apply(model, "Menu", "SendMenu", Map.of("header", "{customerName}, escolha uma opção:"));
    deploy(model);

    runAsyncJob(start(key, Map.of()).getId());

    verify(sender).sendText(eq(conversation.id()), anyString(), eq("bot"),
        eq("Maria, escolha uma opção:\n1 – Comercial\n2 – Financeiro\n3 – Suporte técnico"));
  }

  // ---- Escolher opção do menu

  private String matchModel() {
    String key = uniqueKey("match");
    BpmnModelInstance model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(30)
        .startEvent().serviceTask("Match").name("Escolher opção").userTask("After").name("Depois").endEvent().done();
    ElementTemplates.apply(model, "Match", "MatchMenuOption", Map.of("answerVariable", "menuAnswer", "maxMisses", "2", "defaultQueue", "atendimento"));
    deploy(model);
    return key;
  }

  @Test
  void matchMenuOptionPutsTheChosenOptionsQueue() {
    ProcessInstance instance = start(matchModel(), Map.of("menuAnswer", "quero pagar um boleto"));

    assertThat(instance).variables().containsEntry("menuOutcome", "CHOSEN").containsEntry("queue", "financeiro")
        .containsEntry("queueLabel", "Financeiro").containsEntry("answerWasText", true);
  }

  @Test
  void matchMenuOptionCountsMissesAndSendsToTheDefaultQueueAtTheModelsLimit() {
    String key = matchModel();

    assertThat(start(key, Map.of("menuAnswer", "não sei"))).variables().containsEntry("menuOutcome", "MISSED")
        .containsEntry("menuMisses", 1).doesNotContainKey("queue");
    Map<String, Object> media = new java.util.HashMap<>();
    media.put("menuAnswer", null);
    media.put("menuMisses", 1);
    assertThat(start(key, media)).variables().containsEntry("menuOutcome", "GAVE_UP").containsEntry("answerWasText", false)
        .containsEntry("queue", "atendimento").containsEntry("queueLabel", "Atendimento");
  }

  // ---- Perguntar e aguardar resposta

  private String askModel() {
    String key = uniqueKey("ask");
    BpmnModelInstance model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(30)
        .startEvent().callActivity("AskEmail").name("Perguntar e-mail").userTask("Continue").name("Continuar").endEvent()
        .moveToActivity("AskEmail").boundaryEvent("Gone").error("CustomerGone").userTask("Left").name("Cliente saiu").endEvent()
        .done();
    ElementTemplates.apply(model, "AskEmail", "AskAndWait", Map.of("question", "Qual é o seu e-mail, {customerName}?",
        "answerText", "email", "reminderAfter", "PT2M", "giveUpAfter", "PT7M"));
    deploy(model);
    return key;
  }

  private ProcessInstance questionSent(ProcessInstance parent) {
    ProcessInstance ask = runtimeService.createProcessInstanceQuery().superProcessInstanceId(parent.getId()).singleResult();
    assertThat(ask).isNotNull();
    assertThat(ask.getBusinessKey()).as("the routing rule finds the question by the caller's key").isEqualTo(customer.id() + "@" + NUMBER);
    runAsyncJob(ask.getId());
    verify(sender).sendText(eq(conversation.id()), anyString(), eq("bot"), eq("Qual é o seu e-mail, Maria?"));
    assertThat(ask).isWaitingAt("WaitForAnswer");
    return ask;
  }

  /** As the routing rule delivers a customer's message to a wait: message CustomerMessage, the text transient. */
  private void customerAnswers(ProcessInstance waiting, String text) {
    runtimeService.createMessageCorrelation("CustomerMessage").processInstanceId(waiting.getId())
        .setVariable("answer", Variables.stringValue(text, true))
        .setVariable("customerMessageId", 4242L)
        .correlateWithResult();
  }

  @Test
  void askAndWaitSendsTheQuestionAndPutsTheAnswerIntoTheNamedVariable() {
    ProcessInstance parent = start(askModel(), Map.of());
    ProcessInstance ask = questionSent(parent);

    customerAnswers(ask, "maria@example.com");

    assertThat(ask).isEnded();
    assertThat(parent).isWaitingAt("Continue").variables().containsEntry("email", "maria@example.com")
        .containsEntry("answerWasText", true).containsEntry("customerMessageId", 4242L).doesNotContainKey("answer");
  }

  @Test
  void askAndWaitTakesMediaAsAnAnswerWithoutText() {
    ProcessInstance parent = start(askModel(), Map.of());
    customerAnswers(questionSent(parent), null);

    assertThat(parent).isWaitingAt("Continue").variables().containsEntry("answerWasText", false).containsEntry("email", null);
  }

  @Test
  void askAndWaitRemindsOnceAfterTheModelsDelayAndKeepsWaiting() {
    ProcessInstance parent = start(askModel(), Map.of());
    Instant asked = Instant.now();
    ProcessInstance ask = questionSent(parent);
    List<Job> timers = managementService.createJobQuery().processInstanceId(ask.getId()).timers().orderByJobDuedate().asc().list();
    assertThat(timers).hasSize(2);
    assertThat(Duration.between(asked, timers.get(0).getDuedate().toInstant())).isBetween(Duration.ofSeconds(110), Duration.ofSeconds(130));
    assertThat(Duration.between(asked, timers.get(1).getDuedate().toInstant())).isBetween(Duration.ofSeconds(410), Duration.ofSeconds(430));

    managementService.executeJob(timers.get(0).getId());
    runAsyncJob(ask.getId());

    verify(sender).sendText(eq(conversation.id()), anyString(), eq("bot"),
        eq("Você ainda está aí? Estamos aguardando sua resposta para continuar o atendimento."));
    assertThat(ask).isWaitingAt("WaitForAnswer");
    customerAnswers(ask, "maria@example.com");
    assertThat(parent).isWaitingAt("Continue");
  }

  @Test
  void askAndWaitSaysGoodbyeAfterTheGiveUpDelayAndEndsWithCustomerGone() {
    ProcessInstance parent = start(askModel(), Map.of());
    ProcessInstance ask = questionSent(parent);
    Job giveUp = managementService.createJobQuery().processInstanceId(ask.getId()).timers().orderByJobDuedate().desc().list().get(0);

    managementService.executeJob(giveUp.getId());
    runAsyncJob(ask.getId());

    verify(sender).sendText(eq(conversation.id()), anyString(), eq("bot"), eq(
        "Como não recebemos sua resposta, estamos encerrando este atendimento. Quando precisar, é só nos chamar por aqui. Até logo!"));
    assertThat(ask).isEnded();
    assertThat(parent).isWaitingAt("Left");
  }

  // ---- Validar CPF/CNPJ

  private String checkModel() {
    String key = uniqueKey("check");
    BpmnModelInstance model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(30)
        .startEvent().serviceTask("Check").name("Validar documento").userTask("After").name("Depois").endEvent().done();
    ElementTemplates.apply(model, "Check", "CheckDocument", Map.of("answerVariable", "doc", "maxAttempts", "2"));
    deploy(model);
    return key;
  }

  @Test
  void checkDocumentStoresAValidCpfOnTheCustomerAndKeepsNoDocumentInTheProcess() {
    ProcessInstance instance = start(checkModel(), Map.of("doc", "529.982.247-25"));

    assertThat(instance).isWaitingAt("After").variables().containsEntry("documentOutcome", "VALID")
        .containsEntry("identified", true).doesNotContainKey("doc");
    assertThat(customers.findById(customer.id()).orElseThrow().document()).isEqualTo("52998224725");
  }

  @Test
  void checkDocumentCountsInvalidAnswersAndGivesUpAtTheModelsLimit() {
    String key = checkModel();

    ProcessInstance first = start(key, Map.of("doc", "123.456.789-00"));
    assertThat(first).variables().containsEntry("documentOutcome", "INVALID").containsEntry("documentAttempts", 1)
        .doesNotContainKey("identified").doesNotContainKey("doc");

    ProcessInstance last = start(key, Map.of("doc", "não tenho", "documentAttempts", 1));
    assertThat(last).variables().containsEntry("documentOutcome", "GAVE_UP").containsEntry("identified", false);
    assertThat(customers.findById(customer.id()).orElseThrow().document()).isNull();
  }

  // ---- Abrir protocolo, Encaminhar para fila

  @Test
  void openProtocolNumbersTheServiceAndQueuesTheConversation() {
    String key = uniqueKey("protocol");
    BpmnModelInstance model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(30)
        .startEvent().serviceTask("Hand").name("Encaminhar").serviceTask("Open").name("Abrir protocolo")
        .userTask("After").name("Depois").endEvent().done();
    ElementTemplates.apply(model, "Hand", "HandOverToQueue", Map.of("queue", "financeiro"));
    ElementTemplates.apply(model, "Open", "OpenProtocol", Map.of());
    deploy(model);

    ProcessInstance instance = start(key, Map.of());

    assertThat(instance).isWaitingAt("After").variables().containsEntry("queue", "financeiro").containsEntry("queueLabel", "Financeiro");
    String protocol = (String) runtimeService.getVariable(instance.getId(), "protocol");
    assertThat(protocol).matches("\\d{8}-\\d{6}");
    assertThat(conversations.findById(conversation.id()).orElseThrow()).satisfies(c -> {
      assertThat(c.protocol()).isEqualTo(protocol);
      assertThat(c.queue()).isEqualTo("financeiro");
    });
  }

  @Test
  void handOverWithTheProtocolOpenMovesTheConversationAndRecordsIt() {
    String key = uniqueKey("handOver");
    BpmnModelInstance model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(30)
        .startEvent().serviceTask("Hand").name("Encaminhar").userTask("After").name("Depois").endEvent().done();
    ElementTemplates.apply(model, "Hand", "HandOverToQueue", Map.of("queue", "suporte"));
    deploy(model);
    conversations.setProtocol(conversation.id(), "20261201-000042");
    conversations.route(conversation.id(), "comercial", null);

    start(key, Map.of("queue", "comercial"));

    assertThat(conversations.findById(conversation.id()).orElseThrow().queue()).isEqualTo("suporte");
    assertThat(audit.ofConversation(conversation.id())).anySatisfy(event -> {
      assertThat(event.type()).isEqualTo(ProtocolEvents.Type.TRANSFERRED_TO_QUEUE);
      assertThat(event.queue()).isEqualTo("suporte");
      assertThat(event.protocol()).isEqualTo("20261201-000042");
    });
  }

  // ---- Enviar modelo aprovado

  @Test
  void sendTemplateSendsTheNamedTemplateWithItsVariablesFilledInOrder() {
    String key = uniqueKey("template");
    BpmnModelInstance model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(30)
        .startEvent().serviceTask("Notify").name("Avisar pedido").endEvent().done();
    ElementTemplates.apply(model, "Notify", "SendTemplate", Map.of("template", "pedido_enviado", "parameters", "{customerName}\n\n  Pedido {orderId}  \n"));
    deploy(model);

    runAsyncJob(start(key, Map.of("orderId", "A-17")).getId());

    verify(sender).sendTemplate(eq(conversation.id()), anyString(), eq("bot"),
        eq(TemplateRequest.of("pedido_enviado", "pt_BR", List.of("Maria", "Pedido A-17"))));
  }
}
