package io.atende.journey.blocks;

import io.atende.journey.ConversationProcess;
import io.atende.journey.JourneyVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Step of {@code ask-and-wait} right after the wait ({@code ${storeAnswer}}): the customer's message arrives as the
 * transient {@code answer}, gone at the next wait state, so it is kept as {@code answerText} (null for media), which
 * the calling block maps into the variable the analyst named; {@code answerWasText} says whether it was text.
 */
@Component(Blocks.Beans.STORE_ANSWER)
class StoreAnswer implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    String answer = JourneyVariables.string(execution, ConversationProcess.Variables.ANSWER);
    execution.setVariable(Blocks.AskAndWait.ANSWER_TEXT, answer);
    execution.setVariable(Blocks.Variables.ANSWER_WAS_TEXT, answer != null);
  }
}
