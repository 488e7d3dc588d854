package io.atende.journey.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaField;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOut;
import org.junit.jupiter.api.Test;

/**
 * The shipped bot journey is made of the analysts' blocks: every step the blocks cover carries its template (as Modeler
 * writes it) with the template's properties, every text and delay is in the model, and nothing reads Java settings.
 */
class ShippedJourneyIsBuiltFromBlocksTest {

  private static final Path JOURNEY = Path.of("processes/conversation.bpmn");
  /** Steps with no block: they only close the conversation in the store and the audit trail. */
  private static final Set<String> NOT_BLOCKS = Set.of("${closeConversation}", "${closeUnreachableConversation}");

  private final BpmnModelInstance model = Bpmn.readModelFromFile(JOURNEY.toFile());

  @Test
  void everyServiceTaskAndQuestionIsABlockWithTheTemplatesProperties() {
    List<String> problems = new ArrayList<>();
    for (Activity activity : model.getModelElementsByType(Activity.class)) {
      boolean question = activity instanceof CallActivity call && "ask-and-wait".equals(call.getCalledElement());
      boolean task = activity instanceof ServiceTask service && !NOT_BLOCKS.contains(service.getCamundaDelegateExpression());
      if (!question && !task) {
        continue;
      }
      String templateId = activity.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "modelerTemplate");
      if (templateId == null) {
        problems.add(activity.getId() + ": no block (camunda:modelerTemplate)");
        continue;
      }
      JsonNode template = ElementTemplates.template(templateId);
      for (JsonNode property : template.get("properties")) {
        String missing = missing(activity, property);
        if (missing != null && !property.path("optional").asBoolean()) {
          problems.add(activity.getId() + " (" + template.get("name").asText() + "): " + missing);
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyMessageTextAndDelayIsInTheModelAndNothingComesFromJavaSettings() throws IOException {
    String xml = Files.readString(JOURNEY);

    assertThat(xml).doesNotContain("${journeySettings").doesNotContain("${sendGreeting}").doesNotContain("${sendReminder}");
    assertThat(model.getModelElementsByType(CamundaField.class)).filteredOn(f -> f.getCamundaName().equals("text"))
        .extracting(f -> f.getCamundaString().getTextContent())
        .contains("Olá! Você está falando com o atendimento. Em que podemos ajudar?",
            "Seu protocolo de atendimento é {protocol}. Você será atendido por um de nossos atendentes de {queueLabel} em instantes; "
                + "você está na fila.");
    assertThat(model.getModelElementsByType(CamundaIn.class)).filteredOn(in -> "reminderAfter".equals(in.getCamundaTarget()))
        .hasSize(4).allSatisfy(in -> assertThat(in.getCamundaSourceExpression()).isEqualTo("PT5M"));
    assertThat(model.getModelElementsByType(CamundaIn.class)).filteredOn(in -> "giveUpAfter".equals(in.getCamundaTarget()))
        .hasSize(4).allSatisfy(in -> assertThat(in.getCamundaSourceExpression()).isEqualTo("PT15M"));
  }

  /** What the element lacks of the template's property, or null. */
  private static String missing(Activity activity, JsonNode property) {
    JsonNode binding = property.get("binding");
    return switch (binding.get("type").asText()) {
      case "property" -> {
        String name = binding.get("name").asText();
        String value = name.startsWith("camunda:")
            ? activity.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", name.substring("camunda:".length()))
            : activity.getAttributeValue(name);
        yield property.has("value") && !property.get("value").asText().equals(value) ? name + " is not " + property.get("value").asText() : null;
      }
      case "camunda:field" -> activity.getChildElementsByType(org.camunda.bpm.model.bpmn.instance.ExtensionElements.class).stream()
          .flatMap(e -> e.getChildElementsByType(CamundaField.class).stream())
          .anyMatch(f -> f.getCamundaName().equals(binding.get("name").asText())) ? null : "no field " + binding.get("name").asText();
      case "camunda:in" -> binding.has("variables") || activity.getChildElementsByType(org.camunda.bpm.model.bpmn.instance.ExtensionElements.class)
          .stream().flatMap(e -> e.getChildElementsByType(CamundaIn.class).stream())
          .anyMatch(in -> binding.get("target").asText().equals(in.getCamundaTarget())) ? null : "no input " + binding.get("target").asText();
      case "camunda:out" -> activity.getChildElementsByType(org.camunda.bpm.model.bpmn.instance.ExtensionElements.class).stream()
          .flatMap(e -> e.getChildElementsByType(CamundaOut.class).stream())
          .anyMatch(out -> binding.get("source").asText().equals(out.getCamundaSource())) ? null : "no output " + binding.get("source").asText();
      default -> null;
    };
  }
}
