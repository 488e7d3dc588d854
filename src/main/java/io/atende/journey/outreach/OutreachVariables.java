package io.atende.journey.outreach;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atende.journey.ConversationProcess;
import io.atende.journey.outreach.OutreachProcess.Variables;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.VariableMap;

/** The outreach request as the process keeps it: small facts, the template's variables as one JSON text. */
final class OutreachVariables {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OutreachVariables() {}

  static VariableMap of(OutreachProcess.Requested requested, OutreachRequest request) {
    OutreachRequest.TemplateChoice template = request.template();
    return org.camunda.bpm.engine.variable.Variables.createVariables()
        .putValue(Variables.REQUESTED, requested.decisionValue())
        .putValue(ConversationProcess.Variables.PHONE_NUMBER_ID, request.phoneNumberId())
        .putValue(Variables.PHONE, request.phone())
        .putValue(ConversationProcess.Variables.CUSTOMER_NAME, request.name())
        .putValue(Variables.TEMPLATE_NAME, template == null ? null : template.name())
        .putValue(Variables.TEMPLATE_LANGUAGE, template == null ? null : template.language())
        .putValue(Variables.TEMPLATE_VARIABLES, template == null ? null : json(template));
  }

  /** The request as the variables hold it (the Tasklist form and an engine-rest start set the same variables). */
  static OutreachRequest request(VariableScope scope) {
    return new OutreachRequest(string(scope, ConversationProcess.Variables.PHONE_NUMBER_ID), string(scope, Variables.PHONE),
        string(scope, ConversationProcess.Variables.CUSTOMER_NAME), template(scope));
  }

  static OutreachRequest.TemplateChoice template(VariableScope scope) {
    String name = string(scope, Variables.TEMPLATE_NAME);
    String language = string(scope, Variables.TEMPLATE_LANGUAGE);
    String variables = string(scope, Variables.TEMPLATE_VARIABLES);
    if (variables == null || variables.isBlank()) {
      return new OutreachRequest.TemplateChoice(name, language, List.of(), null);
    }
    try {
      JsonNode node = JSON.readTree(variables);
      if (node.isObject()) {
        return new OutreachRequest.TemplateChoice(name, language, null, JSON.convertValue(node, new TypeReference<Map<String, String>>() {}));
      }
      if (node.isArray()) {
        return new OutreachRequest.TemplateChoice(name, language, JSON.convertValue(node, new TypeReference<List<String>>() {}), null);
      }
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // answered below
    }
    throw new IllegalArgumentException("As variáveis do template devem ser uma lista de textos em JSON, por exemplo [\"Maria\", \"12/05\"].");
  }

  private static String json(OutreachRequest.TemplateChoice template) {
    try {
      return JSON.writeValueAsString(template.namedVariables() != null && !template.namedVariables().isEmpty()
          ? template.namedVariables() : template.variables() == null ? List.of() : template.variables());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Template variables cannot be written as JSON", e);
    }
  }

  static String string(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    return value == null ? null : value.toString();
  }

  static long number(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    if (!(value instanceof Number n)) {
      throw new IllegalStateException("Variable '" + name + "' is missing or not a number: " + value);
    }
    return n.longValue();
  }
}
