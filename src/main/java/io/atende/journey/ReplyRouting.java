package io.atende.journey;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * Decision {@value #DECISION_KEY} ({@code processes/reply-routing.dmn}): who takes a customer's message, given what
 * is going on with that customer on that business number. Its inputs are a handful of facts with few values, so the
 * answer is kept per decision version and facts: a new version is used as soon as it is deployed, and a message
 * costs no FEEL evaluation once its kind of situation was seen.
 */
@Component
class ReplyRouting {

  static final String DECISION_KEY = "replyRouting";

  private final DecisionService decisionService;
  private final RepositoryService repositoryService;
  private final Map<Key, Route> cache = new ConcurrentHashMap<>();

  ReplyRouting(DecisionService decisionService, RepositoryService repositoryService) {
    this.decisionService = decisionService;
    this.repositoryService = repositoryService;
  }

  /**
   * What is going on with the customer on the number when the message arrives.
   *
   * @param waitingFor the message name a process of this customer waits for ({@code CustomerMessage}, {@code CustomerReply},
   *     {@code SurveyAnswer}...), or "" when none waits
   * @param journeyRunning whether a journey is running without waiting (the bot is busy between two questions)
   * @param protocolOpen whether a protocol is open (with an agent or in a queue)
   * @param lastTemplate where the last template to this customer on this number came from ({@link TemplateOrigin}), or ""
   * @param processSending whether a process of this customer that waits for nothing yet has a step queued (a contact's
   *     template on its way): it is about to wait for the reply
   */
  record Facts(String waitingFor, boolean journeyRunning, boolean protocolOpen, String lastTemplate, boolean processSending) {
    Facts {
      waitingFor = waitingFor == null ? "" : waitingFor;
      lastTemplate = lastTemplate == null ? "" : lastTemplate;
    }

    /** The same facts with no process on its way. */
    Facts notSending() {
      return new Facts(waitingFor, journeyRunning, protocolOpen, lastTemplate, false);
    }
  }

  /** What to do with the message. */
  enum Action {
    /** Hand it to the process waiting for it. */
    CORRELATE,
    /** Keep it in the conversation, for the agent (protocol open). */
    DESK,
    /** Keep it for the bot's next question, in arrival order. */
    HOLD,
    /** Start a journey. */
    JOURNEY,
    /** Route it again in a moment: a process of the customer is sending and will wait for the reply once that commits. */
    RETRY
  }

  /** @param startProcess with {@link Action#JOURNEY}: the process to start, or null for the number's journey */
  record Route(Action action, String startProcess) {}

  private record Key(String decisionDefinitionId, Facts facts) {}

  Route decide(Facts facts) {
    DecisionDefinition latest = repositoryService.createDecisionDefinitionQuery().decisionDefinitionKey(DECISION_KEY)
        .withoutTenantId().latestVersion().singleResult();
    if (latest == null) {
      throw new IllegalStateException("Decision '" + DECISION_KEY + "' is not deployed; put reply-routing.dmn in processes/");
    }
    Key key = new Key(latest.getId(), facts);
    Route route = cache.get(key);
    if (route == null) {
      route = evaluate(latest.getId(), facts);
      cache.keySet().removeIf(k -> !k.decisionDefinitionId().equals(latest.getId()));
      cache.put(key, route);
    }
    return route;
  }

  private Route evaluate(String decisionDefinitionId, Facts facts) {
    DmnDecisionResultEntries result = decisionService.evaluateDecisionById(decisionDefinitionId)
        .variables(Variables.createVariables()
            .putValue("waitingFor", facts.waitingFor())
            .putValue("journeyRunning", facts.journeyRunning())
            .putValue("protocolOpen", facts.protocolOpen())
            .putValue("lastTemplate", facts.lastTemplate())
            .putValue("processSending", facts.processSending()))
        .evaluate()
        .getFirstResult();
    if (result == null) {
      throw new IllegalStateException("Decision '" + DECISION_KEY + "' matched no rule for " + facts
          + "; its last rule should match everything (route \"journey\")");
    }
    String route = text(result.get("route"));
    Action action = switch (route) {
      case "correlate" -> Action.CORRELATE;
      case "desk" -> Action.DESK;
      case "hold" -> Action.HOLD;
      case "journey" -> Action.JOURNEY;
      case "retry" -> Action.RETRY;
      default -> throw new IllegalStateException("Decision '" + DECISION_KEY + "' gave route '" + route + "' for " + facts
          + "; expected correlate, desk, hold, journey or retry");
    };
    if (action == Action.CORRELATE && facts.waitingFor().isEmpty()) {
      throw new IllegalStateException("Decision '" + DECISION_KEY + "' says correlate for " + facts + ", but no process waits");
    }
    if (action == Action.RETRY && !facts.processSending()) {
      // the message would come back for ever: retry is only for a process on its way
      throw new IllegalStateException("Decision '" + DECISION_KEY + "' says retry for " + facts + ", but no process is sending");
    }
    String start = text(result.get("startProcess"));
    return new Route(action, start.isEmpty() ? null : start);
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString().trim();
  }
}
