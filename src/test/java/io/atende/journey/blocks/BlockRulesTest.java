package io.atende.journey.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Consumer;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Blocks are checked when their model is deployed: a mistake is refused with the element and the reason, and the
 * version deployed before stays the latest.
 */
class BlockRulesTest extends BlockTestSupport {

  /** Deploys a good version 1, then the model with a block changed by {@code mistake}; returns the refusal. */
  private String refusal(String template, Map<String, String> values, Consumer<BpmnModelInstance> mistake) {
    String key = uniqueKey("rules");
    deploy(model(key, template, values, m -> {}));
    BpmnModelInstance broken = model(key, template, values, mistake);

    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> deploy(broken));

    assertThat(refused).isInstanceOf(ParseException.class);
    assertThat(repositoryService.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult().getVersion())
        .as("the version deployed before stays live").isEqualTo(1);
    return refused.getMessage();
  }

  private static BpmnModelInstance model(String key, String template, Map<String, String> values, Consumer<BpmnModelInstance> change) {
    BpmnModelInstance model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(30)
        .startEvent().serviceTask("Block").name("Bloco").endEvent().done();
    if (template.equals("AskAndWait")) {
      model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(30)
          .startEvent().callActivity("Block").name("Bloco").endEvent().done();
    }
    ElementTemplates.apply(model, "Block", template, values);
    change.accept(model);
    return model;
  }

  private static Consumer<BpmnModelInstance> field(String name, String value) {
    return model -> model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaField.class).stream()
        .filter(f -> f.getCamundaName().equals(name)).forEach(f -> {
          if (value == null) {
            f.getParentElement().removeChildElement(f);
          } else {
            f.getCamundaString().setTextContent(value);
          }
        });
  }

  private static Consumer<BpmnModelInstance> input(String target, String value) {
    return model -> model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn.class).stream()
        .filter(in -> target.equals(in.getCamundaTarget())).forEach(in -> in.setCamundaSourceExpression(value));
  }

  @Test
  void aTextBlockWithoutTextIsRefusedNamingTheElement() {
    assertThat(refusal("SendText", Map.of("text", "Olá"), field("text", null)))
        .contains("element 'Block'").contains("the text to send is missing");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Olá, ${customerName}       | uses ${...}; write a variable as {name}",
      "Olá, #{customerName}       | uses #{...}",
      "Olá, {customerName         | opens a '{' that is never closed",
      "Olá, customerName}         | has a '}' that closes nothing",
      "Olá, {customer name}       | is not a variable name"})
  void aTextWithAnUnknownVariableSyntaxIsRefused(String text, String reason) {
    assertThat(refusal("SendText", Map.of("text", "Olá"), field("text", text))).contains("element 'Block'").contains(reason);
  }

  @Test
  void aSendThatIsNotAsynchronousIsRefused() {
    assertThat(refusal("SendText", Map.of("text", "Olá"),
        m -> m.getModelElementById("Block").setAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "asyncBefore", "false")))
        .contains("element 'Block': a send must be asynchronous");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "reminderAfter | PT5         | the reminder delay 'PT5' is not an ISO-8601 duration",
      "giveUpAfter   | 15 minutos  | the give-up delay '15 minutos' is not an ISO-8601 duration",
      "giveUpAfter   | PT4M        | the give-up delay (PT4M) must be longer than the reminder delay (PT5M)",
      "question      | ' '         | the question is missing"})
  void askAndWaitWithABadDurationOrNoQuestionIsRefused(String input, String value, String reason) {
    String message = refusal("AskAndWait", Map.of("question", "Qual é o seu e-mail?", "answerText", "email"), input(input, value));
    assertThat(message).contains("element 'Block'").contains(reason);
  }

  @Test
  void askAndWaitWithoutAVariableForTheAnswerIsRefused() {
    assertThat(refusal("AskAndWait", Map.of("question", "Qual é o seu e-mail?", "answerText", "email"),
        m -> m.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaOut.class).stream()
            .filter(o -> "answerText".equals(o.getCamundaSource())).forEach(o -> o.setCamundaTarget("e-mail"))))
        .contains("element 'Block': the answer's variable: 'e-mail' is not a variable name");
  }

  @Test
  void aMenuDecisionThatDoesNotExistIsRefused() {
    assertThat(refusal("SendMenu", Map.of(), field("decision", "menuDeVendas")))
        .contains("element 'Block': the menu decision 'menuDeVendas' does not exist");
  }

  @Test
  void aNoteWithoutTextOrWithAnExpressionIsRefused() {
    assertThat(refusal("AddToNotes", Map.of("text", "Pedido: {orderId}"), field("text", null)))
        .contains("element 'Block': the text to note is missing");
    assertThat(refusal("AddToNotes", Map.of("text", "Pedido: {orderId}"), field("text", "Pedido: ${orderId}")))
        .contains("element 'Block'");
  }

  @Test
  void aQuestionWithAMenuDecisionThatDoesNotExistIsRefused() {
    assertThat(refusal("AskAndWait", Map.of("question", "Escolha:", "menu", "menuOptions", "answerText", "menuAnswer"),
        input("menu", "menuDeVendas")))
        .contains("element 'Block': the menu decision 'menuDeVendas' does not exist");
  }

  @Test
  void aQueueThatDoesNotExistIsRefused() {
    assertThat(refusal("HandOverToQueue", Map.of("queue", "financeiro"), field("queue", "juridico")))
        .contains("element 'Block': the queue 'juridico' does not exist");
  }

  @Test
  void aMenuMatchWithAnUnknownDefaultQueueIsRefused() {
    assertThat(refusal("MatchMenuOption", Map.of(), field("defaultQueue", "geral")))
        .contains("element 'Block': the queue 'geral' does not exist");
  }

  @Test
  void aTemplateWithABadNameOrLanguageIsRefused() {
    String message = refusal("SendTemplate", Map.of("template", "pedido_enviado"),
        field("template", "Pedido Enviado").andThen(field("language", "português")));
    assertThat(message).contains("2 blocks are wrong").contains("'Pedido Enviado' is not a WhatsApp template name")
        .contains("'português' is not a template language code");
  }

  @Test
  void aCheckWithoutItsAnswerVariableOrWithABadLimitIsRefused() {
    assertThat(refusal("CheckDocument", Map.of(), field("answerVariable", null).andThen(field("maxAttempts", "três"))))
        .contains("say which variable holds the answer").contains("'três' attempts");
  }
}
