package io.atende.journey;

import io.atende.journey.ConversationProcess.Variables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** After an answer that is no valid CPF/CNPJ: asks again, or says "only text" when the answer was media. */
@Component("sendInvalidDocument")
class SendInvalidDocument implements JavaDelegate {

  private final BotMessages bot;
  private final JourneyTexts texts;

  SendInvalidDocument(BotMessages bot, JourneyTexts texts) {
    this.bot = bot;
    this.texts = texts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    bot.send(execution, JourneyVariables.flag(execution, Variables.ANSWER_WAS_TEXT)
        ? texts.invalidDocument() : texts.notUnderstood() + " " + texts.askDocument());
  }
}
