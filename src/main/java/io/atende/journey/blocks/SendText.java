package io.atende.journey.blocks;

import io.atende.journey.BotMessages;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * Block "Enviar texto" ({@code ${sendText}}): sends the text of field {@code text}, its {@code {variables}} filled
 * from the process, into the conversation. {@code ask-and-wait} uses field {@code textVariable} instead: the name of
 * the variable that holds the text (the caller's question). A variable that is not set becomes an empty string, with
 * a warning naming it. A customer WhatsApp cannot reach is the BPMN error {@code CustomerUnreachable}.
 *
 * <p>Prototype-scoped: the engine injects each element's fields into a fresh instance.
 */
@Component(Blocks.Beans.SEND_TEXT)
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class SendText implements JavaDelegate {

  private static final Logger log = LoggerFactory.getLogger(SendText.class);

  private final BotMessages bot;
  private Expression text;
  private Expression textVariable;

  SendText(BotMessages bot) {
    this.bot = bot;
  }

  public void setText(Expression text) {
    this.text = text;
  }

  public void setTextVariable(Expression textVariable) {
    this.textVariable = textVariable;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String template = BlockField.value(text, execution);
    if (template == null) {
      String variable = BlockField.required(textVariable, Blocks.Fields.TEXT_VARIABLE, execution);
      Object held = execution.getVariable(variable);
      template = held == null ? null : held.toString();
      if (template == null || template.isBlank()) {
        throw new IllegalStateException("Element '" + execution.getCurrentActivityId() + "': variable '" + variable + "' holds no text to send");
      }
    }
    bot.send(execution, fill(template, execution));
  }

  /** The text with its placeholders filled from the execution's variables. */
  static String fill(String template, DelegateExecution execution) {
    return TextTemplate.parse(template).fill(name -> {
      Object value = execution.getVariable(name);
      if (value == null) {
        log.warn("Element '{}' of process '{}' names variable '{}', which is not set; it is sent empty",
            execution.getCurrentActivityId(), execution.getProcessDefinitionId(), name);
      }
      return value;
    });
  }
}
