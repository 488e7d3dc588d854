package io.atende.journey.blocks;

import io.atende.journey.BotMessages;
import io.atende.journey.ConversationProcess;
import io.atende.journey.JourneyVariables;
import io.atende.journey.MenuOption;
import io.atende.journey.MenuOptions;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * Block "Enviar menu" ({@code ${showMenu}}): the header (field {@code header}, with {@code {variables}}) and one line
 * per option of the menu decision (field {@code decision}, {@value MenuOptions#DECISION_KEY} when empty) offered on the
 * business number the customer wrote to: {@code 1 – Comercial}.
 */
@Component(Blocks.Beans.SHOW_MENU)
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class ShowMenu implements JavaDelegate {

  private final BotMessages bot;
  private final MenuOptions menus;
  private Expression header;
  private Expression decision;

  ShowMenu(BotMessages bot, MenuOptions menus) {
    this.bot = bot;
    this.menus = menus;
  }

  public void setHeader(Expression header) {
    this.header = header;
  }

  public void setDecision(Expression decision) {
    this.decision = decision;
  }

  @Override
  public void execute(DelegateExecution execution) {
    bot.send(execution, SendText.fill(BlockField.required(header, Blocks.Fields.HEADER, execution), execution) + "\n"
        + optionLines(menus, BlockField.value(decision, execution), execution));
  }

  /** One line per option of the menu decision ({@value MenuOptions#DECISION_KEY} when blank) for the customer's number. */
  static String optionLines(MenuOptions menus, String decision, DelegateExecution execution) {
    return menus.forNumber(decision == null || decision.isBlank() ? MenuOptions.DECISION_KEY : decision.trim(),
            JourneyVariables.string(execution, ConversationProcess.Variables.PHONE_NUMBER_ID))
        .stream().map(MenuOption::line).collect(Collectors.joining("\n"));
  }
}
