package io.atende.journey.blocks;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;

/** Reads a block's {@code camunda:field}: a fixed string in the model, checked when the model was deployed. */
final class BlockField {

  private BlockField() {}

  static String value(Expression field, DelegateExecution execution) {
    if (field == null) {
      return null;
    }
    Object value = field.getValue(execution);
    return value == null ? null : value.toString();
  }

  static String required(Expression field, String name, DelegateExecution execution) {
    String value = value(field, execution);
    if (value == null || value.isBlank()) {
      // the deploy-time check refuses such a model; only a model deployed around it gets here
      throw new IllegalStateException("Element '" + execution.getCurrentActivityId() + "' has no field '" + name + "'");
    }
    return value;
  }
}
