package io.atende.journey.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;

import io.atende.journey.ConversationProcess;
import io.atende.journey.scenarios.ScenarioRunner;
import io.atende.platform.ProcessDeployer;
import io.atende.platform.ProcessesProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What the issue's "done" asks of an analyst's change: made only in a copy of {@code processes/} (the model and its
 * scenarios, as an analyst edits them in Modeler and a text editor), it goes live in the running service when the
 * folder is deployed again (what the watcher does a moment after a save; no restart), the scenario gate runs the
 * changed scenarios first, and a change whose scenarios no longer hold is refused with the failing line while the
 * previous version stays live. The changes are the README's walk-through: a question whose answer goes into the
 * protocol form's notes, a message with variables, a shorter reminder.
 */
@ExtendWith(OutputCaptureExtension.class)
class AnalystChangesTest extends BlockTestSupport {

  private static final Path PROCESSES = Path.of("processes");
  private static final String JOURNEY = "conversation.bpmn";
  private static final String SCENARIOS = "conversation.scenarios.yaml";
  private static final String QUESTION = "Para agilizar, qual é o número do seu pedido?";

  @Autowired ScenarioRunner scenarios;

  @TempDir Path folder;
  private ProcessDeployer deployer;

  @BeforeEach
  void analystsCopyOfTheModels() throws IOException {
    copyShippedModels();
    deployer = new ProcessDeployer(repositoryService, new ProcessesProperties(folder.toString(), Duration.ZERO), List.of(scenarios));
    deployer.deploy();
  }

  @AfterEach
  void shippedModelsAgain() throws IOException {
    copyShippedModels();
    deployer.deploy(); // the shared service's other tests find the shipped journey live again
  }

  @Test
  void aNewQuestionWhoseAnswerGoesIntoTheProtocolNotesAndAMessageWithVariablesGoLiveWithTheirScenario() throws IOException {
    int before = latestJourneyVersion();
    write(JOURNEY, withOrderQuestion(read(JOURNEY)));
    write(SCENARIOS, withOrderQuestionSteps(read(SCENARIOS)));
    // the changed model, for the README's before/after picture (scripts/render-analyst-pictures.sh)
    Files.createDirectories(Path.of("target/analyst-change"));
    Files.writeString(Path.of("target/analyst-change", JOURNEY), read(JOURNEY));

    List<String> deployed = deployer.deploy();

    assertThat(deployed).anyMatch(id -> id.startsWith(ConversationProcess.KEY + ":"));
    assertThat(latestJourneyVersion()).isEqualTo(before + 1);
    // the running service's engine runs the new steps for the next conversation
    ProcessInstance journey = startAt("AskOrderNumber");
    ProcessInstance question = question(journey);
    runAsyncJob(question.getId());
    verify(sender).sendText(eq(conversation.id()), anyString(), anyString(), eq(QUESTION));
    runtimeService.createMessageCorrelation(ConversationProcess.Messages.CUSTOMER_MESSAGE).processInstanceBusinessKey(journey.getBusinessKey())
        .setVariable(ConversationProcess.Variables.ANSWER, Variables.stringValue("PED-4471", true))
        .setVariable(ConversationProcess.Variables.CUSTOMER_MESSAGE_ID, 1L).correlateWithResult();
    assertThat(journey).hasPassed("NoteOrderNumber").isWaitingAt("SendOrderThanks");
    assertThat(conversations.notes(conversation.id())).isEqualTo("Pedido informado pelo cliente: PED-4471");
    runAsyncJob(journey.getId());
    verify(sender).sendText(eq(conversation.id()), anyString(), anyString(), eq("Obrigado, Maria! Anotamos o pedido PED-4471."));
    assertThat(journey).isWaitingAt(ConversationProcess.Elements.SEND_PROTOCOL);
  }

  @Test
  void aChangedReminderIsRefusedWhileItsScenarioSaysOtherwiseAndGoesLiveOnceTheScenarioSaysSo(CapturedOutput output)
      throws IOException {
    int before = latestJourneyVersion();
    write(JOURNEY, withMenuReminderAfter(read(JOURNEY), "PT2M"));

    assertThat(deployer.deploy()).as("the scenario still expects the reminder after 5 minutes").isEmpty();

    assertThat(latestJourneyVersion()).as("the previous version stays live").isEqualTo(before);
    assertThat(output.getOut()).contains("conversation.scenarios.yaml:108: scenario \"Fica em silêncio, recebe um lembrete e responde\", "
        + "step 5: 'bot says nothing more': the bot also said \"Você ainda está aí?");

    // the analyst says in the scenario what the customer now sees: the reminder after 2 minutes
    String silence = "      - time passes: PT4M\n      - bot says nothing more\n      - time passes: PT1M\n";
    assertThat(read(SCENARIOS)).contains(silence);
    write(SCENARIOS, read(SCENARIOS).replace(silence,
        "      - time passes: PT1M\n      - bot says nothing more\n      - time passes: PT1M\n"));

    assertThat(deployer.deploy()).anyMatch(id -> id.startsWith(ConversationProcess.KEY + ":"));
    assertThat(latestJourneyVersion()).isEqualTo(before + 1);
    ProcessInstance question = question(startAt(ConversationProcess.Elements.ASK_MENU));
    runAsyncJob(question.getId());
    Job reminder = managementService.createJobQuery().processInstanceId(question.getId())
        .activityId(ConversationProcess.AskAndWait.REMINDER_DUE).singleResult();
    Instant now = Instant.now();
    assertThat(reminder.getDuedate().toInstant()).isBetween(now.plusSeconds(60), now.plusSeconds(2 * 60 + 5));
  }

  // ---- the analyst's edits

  /**
   * Between the identification ("Identificar cliente") and the protocol: "Perguntar e aguardar resposta" asks for the order number (into
   * {@code numeroPedido}), "Anotar na ficha do protocolo" notes it, "Enviar texto" thanks with two variables. Drawn as
   * Modeler would: the steps after it move right.
   */
  static String withOrderQuestion(String bpmn) {
    String ask = """
        <bpmn:callActivity id="AskOrderNumber" name="Pedir número do pedido" camunda:modelerTemplate="io.atende.blocks.AskAndWait" camunda:modelerTemplateVersion="1" calledElement="ask-and-wait"><bpmn:extensionElements><camunda:in variables="all" /><camunda:in businessKey="${execution.processBusinessKey}" /><camunda:in sourceExpression="%s" target="question" /><camunda:in sourceExpression="PT5M" target="reminderAfter" /><camunda:in sourceExpression="PT15M" target="giveUpAfter" /><camunda:in sourceExpression="Você ainda está aí? Estamos aguardando sua resposta para continuar o atendimento." target="reminderText" /><camunda:in sourceExpression="Como não recebemos sua resposta, estamos encerrando este atendimento. Quando precisar, é só nos chamar por aqui. Até logo!" target="goodbyeText" /><camunda:out source="answerText" target="numeroPedido" /><camunda:out source="answerWasText" target="answerWasText" /><camunda:out source="customerMessageId" target="customerMessageId" /></bpmn:extensionElements><bpmn:incoming>Flow_Identified</bpmn:incoming><bpmn:outgoing>Flow_OrderNumberAnswered</bpmn:outgoing></bpmn:callActivity>
            <bpmn:serviceTask id="NoteOrderNumber" name="Anotar número do pedido" camunda:modelerTemplate="io.atende.blocks.AddToNotes" camunda:modelerTemplateVersion="1" camunda:delegateExpression="${addToNotes}"><bpmn:extensionElements><camunda:field name="text"><camunda:string>Pedido informado pelo cliente: {numeroPedido}</camunda:string></camunda:field></bpmn:extensionElements><bpmn:incoming>Flow_OrderNumberAnswered</bpmn:incoming><bpmn:outgoing>Flow_OrderNumberNoted</bpmn:outgoing></bpmn:serviceTask>
            <bpmn:serviceTask id="SendOrderThanks" name="Agradecer pelo pedido" camunda:modelerTemplate="io.atende.blocks.SendText" camunda:modelerTemplateVersion="1" camunda:asyncBefore="true" camunda:delegateExpression="${sendText}"><bpmn:extensionElements><camunda:field name="text"><camunda:string>Obrigado, {customerName}! Anotamos o pedido {numeroPedido}.</camunda:string></camunda:field></bpmn:extensionElements><bpmn:incoming>Flow_OrderNumberNoted</bpmn:incoming><bpmn:outgoing>Flow_OrderThanked</bpmn:outgoing></bpmn:serviceTask>
            <bpmn:sequenceFlow id="Flow_OrderNumberAnswered" sourceRef="AskOrderNumber" targetRef="NoteOrderNumber" />
            <bpmn:sequenceFlow id="Flow_OrderNumberNoted" sourceRef="NoteOrderNumber" targetRef="SendOrderThanks" />
            <bpmn:sequenceFlow id="Flow_OrderThanked" sourceRef="SendOrderThanks" targetRef="OpenProtocol" />
        """.formatted(QUESTION);
    String shapes = """
              <bpmndi:BPMNShape id="AskOrderNumber_di" bpmnElement="AskOrderNumber"><dc:Bounds x="1270" y="320" width="100" height="80" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="NoteOrderNumber_di" bpmnElement="NoteOrderNumber"><dc:Bounds x="1420" y="320" width="100" height="80" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="SendOrderThanks_di" bpmnElement="SendOrderThanks"><dc:Bounds x="1570" y="320" width="100" height="80" /></bpmndi:BPMNShape>
              <bpmndi:BPMNEdge id="Flow_OrderNumberAnswered_di" bpmnElement="Flow_OrderNumberAnswered"><di:waypoint x="1370" y="360" /><di:waypoint x="1420" y="360" /></bpmndi:BPMNEdge>
              <bpmndi:BPMNEdge id="Flow_OrderNumberNoted_di" bpmnElement="Flow_OrderNumberNoted"><di:waypoint x="1520" y="360" /><di:waypoint x="1570" y="360" /></bpmndi:BPMNEdge>
              <bpmndi:BPMNEdge id="Flow_OrderThanked_di" bpmnElement="Flow_OrderThanked"><di:waypoint x="1670" y="360" /><di:waypoint x="1720" y="360" /></bpmndi:BPMNEdge>
        """;
    String changed = bpmn
        .replace("<bpmn:sequenceFlow id=\"Flow_Identified\" sourceRef=\"IdentifyCustomer\" targetRef=\"OpenProtocol\" />",
            "<bpmn:sequenceFlow id=\"Flow_Identified\" sourceRef=\"IdentifyCustomer\" targetRef=\"AskOrderNumber\" />")
        .replace("<bpmn:incoming>Flow_Identified</bpmn:incoming><bpmn:outgoing>Flow_ProtocolOpened</bpmn:outgoing>",
            "<bpmn:incoming>Flow_OrderThanked</bpmn:incoming><bpmn:outgoing>Flow_ProtocolOpened</bpmn:outgoing>")
        .replace("    <bpmn:subProcess id=\"CustomerGoneHandling\"", ask + "    <bpmn:subProcess id=\"CustomerGoneHandling\"")
        .replaceFirst("    </bpmndi:BPMNPlane>", Matcher.quoteReplacement(shapes) + "    </bpmndi:BPMNPlane>");
    Set<String> moved = Set.of("OpenProtocol", "SendProtocol", "AttendCustomer", "ProtocolClosed", "Flow_ProtocolOpened", "Flow_ProtocolSent",
        "Flow_ProtocolClosed");
    return changed.lines().map(line -> moved.stream().anyMatch(id -> line.contains("bpmnElement=\"" + id + "\"")) ? shiftRight(line, 450) : line)
        .collect(Collectors.joining("\n", "", "\n"));
  }

  /** Every scenario that reaches the protocol now answers the question, hears the thanks and finds the notes. */
  static String withOrderQuestionSteps(String scenarios) {
    String steps = String.join("\n",
        "      - bot says: " + QUESTION,
        "      - customer says: PED-4471",
        "      - bot says: Obrigado, Maria Silva! Anotamos o pedido PED-4471.",
        "      - protocol notes contain: \"Pedido informado pelo cliente: PED-4471\"");
    return Pattern.compile("(?m)^(      - bot says containing: (?:Você será atendido|atendentes de|Seu protocolo de atendimento é).*)$")
        .matcher(scenarios).replaceAll(Matcher.quoteReplacement(steps) + "\n$1");
  }

  /** "Lembrar depois de" of the menu question ("Perguntar opção do menu"). */
  static String withMenuReminderAfter(String bpmn, String delay) {
    return bpmn.lines().map(line -> line.contains("id=\"AskMenu\"")
            ? line.replace("sourceExpression=\"PT5M\" target=\"reminderAfter\"", "sourceExpression=\"" + delay + "\" target=\"reminderAfter\"") : line)
        .collect(Collectors.joining("\n", "", "\n"));
  }

  private static String shiftRight(String line, int by) {
    return Pattern.compile(" x=\"(\\d+)\"").matcher(line).replaceAll(m -> " x=\"" + (Integer.parseInt(m.group(1)) + by) + "\"");
  }

  // ---- helpers

  private ProcessInstance startAt(String activityId) {
    return runtimeService.createProcessInstanceByKey(ConversationProcess.KEY).businessKey(customer.id() + "@" + NUMBER)
        .setVariables(Variables.createVariables().putValue("conversationId", conversation.id()).putValue("customerId", customer.id())
            .putValue("customerName", "Maria").putValue("phoneNumberId", NUMBER).putValue("queue", "comercial")
            .putValue("queueLabel", "Comercial"))
        .startBeforeActivity(activityId).execute();
  }

  private ProcessInstance question(ProcessInstance journey) {
    return runtimeService.createProcessInstanceQuery().superProcessInstanceId(journey.getId()).singleResult();
  }

  private int latestJourneyVersion() {
    return repositoryService.createProcessDefinitionQuery().processDefinitionKey(ConversationProcess.KEY).latestVersion().singleResult().getVersion();
  }

  private void copyShippedModels() throws IOException {
    try (Stream<Path> files = Files.walk(PROCESSES)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = folder.resolve(PROCESSES.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private String read(String name) {
    try {
      return Files.readString(folder.resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(folder.resolve(name), content, StandardCharsets.UTF_8);
  }
}
