package io.atende.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every row of {@code processes/reply-routing.dmn} as an analyst reads it: the facts of one situation, and who takes
 * the customer's message. The file is read from {@code processes/}, as the service deploys it.
 */
class ReplyRoutingDecisionTest {

  private static DmnEngine engine;
  private static DmnDecision decision;

  @BeforeAll
  static void parse() throws Exception {
    engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    try (InputStream in = Files.newInputStream(Path.of("processes/reply-routing.dmn"))) {
      decision = engine.parseDecision(ReplyRouting.DECISION_KEY, in);
    }
  }

  @ParameterizedTest(name = "{6}: waiting={0} running={1} protocol={2} last template={3} sending={4} -> {5}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      // waitingFor     | journeyRunning | protocolOpen | lastTemplate    | sending | route     | rule
      "CustomerReply    | false          | true         | activeContact   | false   | correlate | ReplyToActiveContact (protocol open: the agent who made the contact)",
      "CustomerReply    | false          | true         | recontact       | false   | correlate | ReplyToActiveContact (recontact)",
      "SurveyAnswer     | false          | false        | survey          | false   | correlate | SurveyAnswer",
      "CustomerMessage  | false          | false        | ''              | false   | correlate | AnswerToTheBot",
      "CustomerMessage  | false          | false        | batch           | false   | correlate | AnswerToTheBot (a batch reply already in the bot)",
      "AnalystMessage   | false          | false        | ''              | false   | correlate | AnyOtherWaitingProcess",
      "''               | false          | true         | ''              | false   | desk      | ProtocolOpen (with an agent or in a queue)",
      "''               | false          | true         | batch           | false   | desk      | ProtocolOpen (batch template to a customer in service: history only)",
      "''               | true           | true         | ''              | false   | desk      | ProtocolOpen (the journey waits in the agent's step)",
      "''               | true           | true         | ''              | true    | retry     | ContactOnItsWay (the contact's template on its way: routed again once the contact waits)",
      "''               | true           | true         | ''              | true    | retry     | ContactOnItsWay (the bot's protocol message on its way)",
      "CustomerReply    | true           | true         | activeContact   | true    | correlate | ReplyToActiveContact (waiting already: sending is no matter)",
      "''               | true           | false        | ''              | true    | hold      | BotBusy (the bot's message on its way)",
      "''               | true           | false        | ''              | false   | hold      | BotBusy",
      "''               | false          | false        | survey          | true    | retry     | ProcessOnItsWay (a survey's question on its way)",
      "''               | false          | false        | ''              | true    | retry     | ProcessOnItsWay (a process of an analyst's, sending)",
      "''               | false          | false        | batch           | false   | journey   | ReplyToBatch (no protocol: the bot)",
      "''               | false          | false        | activeContact   | false   | journey   | ReplyAfterContactClosed",
      "''               | false          | false        | recontact       | false   | journey   | ReplyAfterContactClosed (recontact)",
      "''               | false          | false        | ''              | false   | journey   | NewService",
      "''               | false          | false        | survey          | false   | journey   | NewService (after a survey ended)"})
  void eachSituationGoesWhereTheTableSays(String waitingFor, boolean journeyRunning, boolean protocolOpen, String lastTemplate,
      boolean processSending, String route, String rule) {
    DmnDecisionRuleResult result = engine.evaluateDecisionTable(decision, Variables.createVariables()
            .putValue("waitingFor", waitingFor)
            .putValue("journeyRunning", journeyRunning)
            .putValue("protocolOpen", protocolOpen)
            .putValue("lastTemplate", lastTemplate)
            .putValue("processSending", processSending))
        .getFirstResult();

    assertThat(result).as(rule).isNotNull();
    assertThat((String) result.get("route")).as(rule).isEqualTo(route);
    assertThat((String) result.get("startProcess")).as("%s: the number's own journey", rule).isNull();
  }
}
