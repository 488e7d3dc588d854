package io.atende.journey.blocks;

import io.atende.journey.BotMessages;
import io.atende.journey.MenuOptions;
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
 * the variable that holds the text (the caller's question), and field {@code menuVariable}: the name of the variable
 * that may hold a menu decision's id, whose options then follow the text, one per line (the menu question). A variable that is not set becomes an empty string, with
 * a warning naming it. A customer WhatsApp cannot reach is the BPMN error {@code CustomerUnreachable}.
 *
 * <p>Prototype-scoped: the engine injects each element's fields into a fresh instance.
 */
@Component(Blocks.Beans.SEND_TEXT)
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class SendText implements JavaDelegate {

  private static final Logger log = LoggerFactory.getLogger(SendText.class);

  private final BotMessages bot;
  private final MenuOptions menus;
  private Expression text;
  private Expression textVariable;
  private Expression menuVariable;

  SendText(BotMessages bot, MenuOptions menus) {
    this.bot = bot;
    this.menus = menus;
  }

  public void setText(Expression text) {
    this.text = text;
  }

  public void setTextVariable(Expression textVariable) {
    this.textVariable = textVariable;
  }

  public void setMenuVariable(Expression menuVariable) {
    this.menuVariable = menuVariable;
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
    String message = fill(template, execution);
    String menuName = BlockField.value(menuVariable, execution);
    Object menu = menuName == null || menuName.isBlank() ? null : execution.getVariable(menuName.trim());
    if (menu != null && !menu.toString().isBlank()) {
      message = message + "\n" + ShowMenu.optionLines(menus, menu.toString(), execution);
    }
    bot.send(execution, message);
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
