package io.atende.journey;

import io.atende.journey.ConversationProcess.Variables;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Sends the textual menu: the header, then one line per option ({@code 1 – Comercial}). */
@Component("sendMenu")
class SendMenu implements JavaDelegate {

  private final BotMessages bot;
  private final MenuOptions menu;
  private final JourneyTexts texts;

  SendMenu(BotMessages bot, MenuOptions menu, JourneyTexts texts) {
    this.bot = bot;
    this.menu = menu;
    this.texts = texts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String lines = menu.forNumber(JourneyVariables.string(execution, Variables.PHONE_NUMBER_ID)).stream()
        .map(MenuOption::line).collect(Collectors.joining("\n"));
    bot.send(execution, texts.menuHeader() + "\n" + lines);
  }
}
