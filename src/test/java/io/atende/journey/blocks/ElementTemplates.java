package io.atende.journey.blocks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaField;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOut;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaString;

/**
 * Applies the shipped element templates ({@code .camunda/element-templates/atende-blocks.json}) to an element of a
 * model as Camunda Modeler does: hidden properties with their values, the others with the value the analyst typed
 * (keyed by field name, {@code camunda:in} target or {@code camunda:out} source) or the template's default. Tests built
 * on it fail when a template and its delegate stop agreeing.
 */
final class ElementTemplates {

  static final Path FILE = Path.of(".camunda/element-templates/atende-blocks.json");
  private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

  private ElementTemplates() {}

  static JsonNode template(String id) {
    try {
      for (JsonNode template : new ObjectMapper().readTree(FILE.toFile())) {
        if (template.get("id").asText().equals(id)) {
          return template;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalArgumentException("No element template " + id + " in " + FILE);
  }

  /** Applies template {@code io.atende.blocks.<name>} to element {@code elementId}. */
  static void apply(BpmnModelInstance model, String elementId, String name, Map<String, String> values) {
    BaseElement element = model.getModelElementById(elementId);
    JsonNode template = template("io.atende.blocks." + name);
    // as Camunda Modeler marks an element a Camunda 7 template was applied to: camunda:modelerTemplate(Version)
    element.setAttributeValueNs(CAMUNDA_NS, "modelerTemplate", template.get("id").asText());
    element.setAttributeValueNs(CAMUNDA_NS, "modelerTemplateVersion", template.path("version").asText("1"));
    for (JsonNode property : template.get("properties")) {
      JsonNode binding = property.get("binding");
      String type = binding.get("type").asText();
      String key = switch (type) {
        case "camunda:field", "property" -> binding.get("name").asText();
        case "camunda:in" -> binding.has("target") ? binding.get("target").asText() : null;
        case "camunda:out" -> binding.get("source").asText();
        default -> null;
      };
      String value = key != null && values.containsKey(key) ? values.get(key)
          : property.has("value") ? property.get("value").asText() : null;
      if (value == null && property.path("optional").asBoolean()) {
        continue; // Modeler leaves an optional property without a value out
      }
      switch (type) {
        case "property" -> {
          String attribute = binding.get("name").asText();
          if (attribute.startsWith("camunda:")) {
            element.setAttributeValueNs(CAMUNDA_NS, attribute.substring("camunda:".length()), value);
          } else {
            element.setAttributeValue(attribute, value);
          }
        }
        case "camunda:field" -> {
          if (value == null || value.isEmpty()) {
            continue;
          }
          CamundaField field = model.newInstance(CamundaField.class);
          field.setCamundaName(binding.get("name").asText());
          CamundaString string = model.newInstance(CamundaString.class);
          string.setTextContent(value);
          field.setCamundaString(string);
          extensions(model, element).addChildElement(field);
        }
        case "camunda:in" -> {
          CamundaIn in = model.newInstance(CamundaIn.class);
          if (binding.has("variables")) {
            in.setCamundaVariables(binding.get("variables").asText());
          } else if (binding.path("expression").asBoolean()) {
            in.setCamundaSourceExpression(value);
            in.setCamundaTarget(key);
          } else {
            in.setCamundaSource(value);
            in.setCamundaTarget(key);
          }
          extensions(model, element).addChildElement(in);
        }
        case "camunda:in:businessKey" -> {
          CamundaIn in = model.newInstance(CamundaIn.class);
          in.setCamundaBusinessKey(value);
          extensions(model, element).addChildElement(in);
        }
        case "camunda:out" -> {
          CamundaOut out = model.newInstance(CamundaOut.class);
          out.setCamundaSource(key);
          out.setCamundaTarget(value);
          extensions(model, element).addChildElement(out);
        }
        default -> throw new IllegalStateException("Binding " + type + " not supported by this test helper");
      }
    }
  }

  private static ExtensionElements extensions(BpmnModelInstance model, BaseElement element) {
    if (element.getExtensionElements() == null) {
      element.setExtensionElements(model.newInstance(ExtensionElements.class));
    }
    return element.getExtensionElements();
  }
}
