package io.atende.journey;

import io.atende.journey.ConversationProcess.Variables;
import org.camunda.bpm.engine.delegate.VariableScope;

/** Typed reads of the conversation process's variables. */
public final class JourneyVariables {

  private JourneyVariables() {}

  public static long conversationId(VariableScope scope) {
    Object id = scope.getVariable(Variables.CONVERSATION_ID);
    if (!(id instanceof Number n)) {
      throw new IllegalStateException("Variable '" + Variables.CONVERSATION_ID + "' is missing or not a number: " + id);
    }
    return n.longValue();
  }

  public static String string(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    return value == null ? null : value.toString();
  }

  public static int count(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    return value instanceof Number n ? n.intValue() : 0;
  }

  public static boolean flag(VariableScope scope, String name) {
    return Boolean.TRUE.equals(scope.getVariable(name));
  }
}
