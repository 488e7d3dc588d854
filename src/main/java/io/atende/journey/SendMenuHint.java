package io.atende.journey;

import io.atende.journey.ConversationProcess.Variables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** After an answer that chose nothing: a short hint, or "only text" when the answer was media, a sticker... */
@Component("sendMenuHint")
class SendMenuHint implements JavaDelegate {

  private final BotMessages bot;
  private final JourneyTexts texts;

  SendMenuHint(BotMessages bot, JourneyTexts texts) {
    this.bot = bot;
    this.texts = texts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    bot.send(execution, JourneyVariables.flag(execution, Variables.ANSWER_WAS_TEXT) ? texts.menuHint() : texts.notUnderstood());
  }
}
