package io.atende.journey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.springframework.stereotype.Component;

/**
 * The bot's menu: the options of decision {@value #DECISION_KEY} ({@code processes/menu-options.dmn},
 * hit policy COLLECT, one rule per option). The decision gets the business number the customer wrote to
 * ({@code phoneNumberId}), so an analyst can offer different options per number. A WhatsApp text menu
 * has at most {@value #MAX_OPTIONS} options; a decision that returns more, none, or a broken option
 * fails here with a message saying what is wrong.
 *
 * <p>The menu is asked for on every menu, hint and answer, and a FEEL evaluation is costly, so the
 * options are kept per decision version and number: a new version of the decision is used as soon as it
 * is deployed. Only while the number is the decision's sole input: a version whose inputs read anything
 * else (the time of day, say) is evaluated on every call.
 */
@Component
public class MenuOptions {

  public static final String DECISION_KEY = "menuOptions";
  public static final int MAX_OPTIONS = 15;
  static final String INPUT_PHONE_NUMBER_ID = "phoneNumberId";

  private final DecisionService decisionService;
  private final RepositoryService repositoryService;
  private final Map<CacheKey, List<MenuOption>> cache = new ConcurrentHashMap<>();
  /** Per decision version: whether its result depends on the number alone, so it can be kept. */
  private final Map<String, Boolean> keepable = new ConcurrentHashMap<>();

  MenuOptions(DecisionService decisionService, RepositoryService repositoryService) {
    this.decisionService = decisionService;
    this.repositoryService = repositoryService;
  }

  private record CacheKey(String decisionDefinitionId, String phoneNumberId) {}

  /** The options offered on that business number, ordered by number. */
  public List<MenuOption> forNumber(String phoneNumberId) {
    return forNumber(DECISION_KEY, phoneNumberId);
  }

  /**
   * The options of menu decision {@code decisionKey} (shaped like {@value #DECISION_KEY}: same input and outputs)
   * offered on that business number, ordered by number; for a journey with more than one menu.
   */
  public List<MenuOption> forNumber(String decisionKey, String phoneNumberId) {
    DecisionDefinition latest = repositoryService.createDecisionDefinitionQuery().decisionDefinitionKey(decisionKey)
        .withoutTenantId().latestVersion().singleResult();
    if (latest == null) {
      throw new InvalidMenuException("Decision '" + decisionKey + "' is not deployed; put its .dmn file in processes/");
    }
    if (!keepable.computeIfAbsent(latest.getId(), id -> dependsOnTheNumberAlone(repositoryService.getDmnModelInstance(id), decisionKey))) {
      return evaluate(latest.getId(), phoneNumberId);
    }
    CacheKey key = new CacheKey(latest.getId(), phoneNumberId);
    List<MenuOption> options = cache.get(key);
    if (options == null) {
      options = evaluate(latest.getId(), phoneNumberId);
      cache.keySet().removeIf(k -> !k.decisionDefinitionId().equals(latest.getId()));
      cache.put(key, options);
    }
    return options;
  }

  private List<MenuOption> evaluate(String decisionDefinitionId, String phoneNumberId) {
    DmnDecisionResult result = decisionService.evaluateDecisionById(decisionDefinitionId)
        .variables(Variables.createVariables().putValue(INPUT_PHONE_NUMBER_ID, phoneNumberId))
        .evaluate();
    return fromRows(result.getResultList());
  }

  /** Whether every input of the menu decision is the number itself (as shipped), so equal numbers give equal menus. */
  static boolean dependsOnTheNumberAlone(DmnModelInstance model, String decisionKey) {
    if (!(model.getModelElementById(decisionKey) instanceof Decision decision) || !(decision.getExpression() instanceof DecisionTable table)) {
      return false;
    }
    return table.getInputs().stream().allMatch(input -> input.getInputExpression() != null && input.getInputExpression().getText() != null
        && INPUT_PHONE_NUMBER_ID.equals(input.getInputExpression().getText().getTextContent().trim()));
  }

  /** Reads and checks the decision's rows (outputs {@code number}, {@code label}, {@code skill}, {@code keywords}). */
  static List<MenuOption> fromRows(List<Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      throw new InvalidMenuException("Decision '" + DECISION_KEY + "' returned no menu option; the menu needs at least one");
    }
    if (rows.size() > MAX_OPTIONS) {
      throw new InvalidMenuException("Decision '" + DECISION_KEY + "' returned " + rows.size()
          + " menu options; a WhatsApp text menu allows at most " + MAX_OPTIONS);
    }
    List<MenuOption> options = new ArrayList<>();
    Set<Integer> numbers = new HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      MenuOption option = toOption(i + 1, rows.get(i));
      if (!numbers.add(option.number())) {
        throw new InvalidMenuException("Decision '" + DECISION_KEY + "': option number " + option.number() + " is used twice");
      }
      options.add(option);
    }
    options.sort(Comparator.comparingInt(MenuOption::number));
    return List.copyOf(options);
  }

  private static MenuOption toOption(int row, Map<String, Object> values) {
    Object number = values.get("number");
    String label = text(values.get("label"));
    String skill = text(values.get("skill"));
    if (!(number instanceof Number n) || n.intValue() < 0 || label.isEmpty() || skill.isEmpty()) {
      throw new InvalidMenuException("Decision '" + DECISION_KEY + "': matched rule " + row
          + " needs a number (0 or more), a label and a skill; got number=" + number + ", label='" + label + "', skill='" + skill + "'");
    }
    List<String> keywords = Arrays.stream(text(values.get("keywords")).split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
    return new MenuOption(n.intValue(), label, skill, keywords);
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString().trim();
  }

  /** The menu decision returns something a text menu cannot show. */
  public static class InvalidMenuException extends RuntimeException {
    InvalidMenuException(String message) {
      super(message);
    }
  }
}
