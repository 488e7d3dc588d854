package io.atende.journey;

import io.atende.journey.ConversationProcess.MenuOutcome;
import io.atende.journey.ConversationProcess.Variables;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Matches the customer's answer (transient {@code answer}) to a menu option. A hit sets {@code queue} to
 * the option's skill; a miss counts, and the last allowed miss sends the customer to the default queue.
 * Sets {@code menuOutcome} for the gateway after it.
 */
@Component("matchMenuAnswer")
class MatchMenuAnswer implements JavaDelegate {

  private final MenuOptions menu;
  private final JourneyProperties properties;

  MatchMenuAnswer(MenuOptions menu, JourneyProperties properties) {
    this.menu = menu;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String answer = JourneyVariables.string(execution, Variables.ANSWER);
    execution.setVariable(Variables.ANSWER_WAS_TEXT, answer != null);
    Optional<MenuOption> chosen = answer == null ? Optional.empty()
        : MenuMatcher.match(menu.forNumber(JourneyVariables.string(execution, Variables.PHONE_NUMBER_ID)), answer);
    if (chosen.isPresent()) {
      execution.setVariable(Variables.QUEUE, chosen.get().skill());
      execution.setVariable(Variables.QUEUE_LABEL, chosen.get().label());
      execution.setVariable(Variables.MENU_OUTCOME, MenuOutcome.CHOSEN.name());
      return;
    }
    int misses = JourneyVariables.count(execution, Variables.MENU_MISSES) + 1;
    execution.setVariable(Variables.MENU_MISSES, misses);
    if (misses >= properties.maxMenuMisses()) {
      execution.setVariable(Variables.QUEUE, properties.defaultQueue());
      execution.setVariable(Variables.QUEUE_LABEL, properties.defaultQueueLabel());
      execution.setVariable(Variables.MENU_OUTCOME, MenuOutcome.GAVE_UP.name());
    } else {
      execution.setVariable(Variables.MENU_OUTCOME, MenuOutcome.MISSED.name());
    }
  }
}
