package io.atende.journey.blocks;

import io.atende.journey.ConversationProcess;
import io.atende.journey.JourneyVariables;
import io.atende.journey.MenuMatcher;
import io.atende.journey.MenuOption;
import io.atende.journey.MenuOptions;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * Block "Escolher opção do menu" ({@code ${matchMenuOption}}): finds the option of the menu decision (field
 * {@code decision}) the answer held by the variable of field {@code answerVariable} chooses ({@link MenuMatcher}: number,
 * label or keyword, forgiving case and accents). A hit sets {@code queue} and {@code queueLabel} to the option's skill
 * and label; a miss counts ({@code menuMisses}), and after field {@code maxMisses} misses the customer goes to the
 * queue of field {@code defaultQueue}. Sets {@code menuOutcome} ({@code CHOSEN}, {@code MISSED}, {@code GAVE_UP}) for
 * a gateway and {@code answerWasText} (media chooses nothing).
 */
@Component(Blocks.Beans.MATCH_MENU_OPTION)
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class MatchMenuOption implements JavaDelegate {

  static final int DEFAULT_MAX_MISSES = 3;

  private final MenuOptions menus;
  private final QueueDirectory queues;
  private Expression answerVariable;
  private Expression decision;
  private Expression maxMisses;
  private Expression defaultQueue;

  MatchMenuOption(MenuOptions menus, QueueDirectory queues) {
    this.menus = menus;
    this.queues = queues;
  }

  public void setAnswerVariable(Expression answerVariable) {
    this.answerVariable = answerVariable;
  }

  public void setDecision(Expression decision) {
    this.decision = decision;
  }

  public void setMaxMisses(Expression maxMisses) {
    this.maxMisses = maxMisses;
  }

  public void setDefaultQueue(Expression defaultQueue) {
    this.defaultQueue = defaultQueue;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String answer = JourneyVariables.string(execution, BlockField.required(answerVariable, Blocks.Fields.ANSWER_VARIABLE, execution).trim());
    execution.setVariable(Blocks.Variables.ANSWER_WAS_TEXT, answer != null);
    String key = BlockField.value(decision, execution);
    Optional<MenuOption> chosen = answer == null ? Optional.empty() : MenuMatcher.match(menus.forNumber(
        key == null || key.isBlank() ? MenuOptions.DECISION_KEY : key.trim(),
        JourneyVariables.string(execution, ConversationProcess.Variables.PHONE_NUMBER_ID)), answer);
    if (chosen.isPresent()) {
      execution.setVariable(Blocks.Variables.QUEUE, chosen.get().skill());
      execution.setVariable(Blocks.Variables.QUEUE_LABEL, chosen.get().label());
      execution.setVariable(Blocks.Variables.MENU_OUTCOME, Blocks.MenuOutcome.CHOSEN.name());
      return;
    }
    int misses = JourneyVariables.count(execution, Blocks.Variables.MENU_MISSES) + 1;
    execution.setVariable(Blocks.Variables.MENU_MISSES, misses);
    String limit = BlockField.value(maxMisses, execution);
    if (misses >= (limit == null || limit.isBlank() ? DEFAULT_MAX_MISSES : Integer.parseInt(limit.trim()))) {
      String queue = BlockField.required(defaultQueue, Blocks.Fields.DEFAULT_QUEUE, execution).trim();
      execution.setVariable(Blocks.Variables.QUEUE, queue);
      execution.setVariable(Blocks.Variables.QUEUE_LABEL, queues.nameOf(queue).orElse(queue));
      execution.setVariable(Blocks.Variables.MENU_OUTCOME, Blocks.MenuOutcome.GAVE_UP.name());
    } else {
      execution.setVariable(Blocks.Variables.MENU_OUTCOME, Blocks.MenuOutcome.MISSED.name());
    }
  }
}
