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

  @ParameterizedTest(name = "{5}: waiting={0} running={1} protocol={2} last template={3} -> {4}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      // waitingFor     | journeyRunning | protocolOpen | lastTemplate    | route     | rule
      "CustomerReply    | false          | true         | activeContact   | correlate | ReplyToActiveContact (protocol open: the agent who made the contact)",
      "CustomerReply    | false          | true         | recontact       | correlate | ReplyToActiveContact (recontact)",
      "SurveyAnswer     | false          | false        | survey          | correlate | SurveyAnswer",
      "CustomerMessage  | false          | false        | ''              | correlate | AnswerToTheBot",
      "CustomerMessage  | false          | false        | batch           | correlate | AnswerToTheBot (a batch reply already in the bot)",
      "AnalystMessage   | false          | false        | ''              | correlate | AnyOtherWaitingProcess",
      "''               | false          | true         | ''              | desk      | ProtocolOpen (with an agent or in a queue)",
      "''               | false          | true         | batch           | desk      | ProtocolOpen (batch template to a customer in service: history only)",
      "''               | true           | true         | ''              | desk      | ProtocolOpen (the journey waits in the agent's step)",
      "''               | true           | false        | ''              | hold      | BotBusy",
      "''               | false          | false        | batch           | journey   | ReplyToBatch (no protocol: the bot)",
      "''               | false          | false        | activeContact   | journey   | ReplyAfterContactClosed",
      "''               | false          | false        | recontact       | journey   | ReplyAfterContactClosed (recontact)",
      "''               | false          | false        | ''              | journey   | NewService",
      "''               | false          | false        | survey          | journey   | NewService (after a survey ended)"})
  void eachSituationGoesWhereTheTableSays(String waitingFor, boolean journeyRunning, boolean protocolOpen, String lastTemplate,
      String route, String rule) {
    DmnDecisionRuleResult result = engine.evaluateDecisionTable(decision, Variables.createVariables()
            .putValue("waitingFor", waitingFor)
            .putValue("journeyRunning", journeyRunning)
            .putValue("protocolOpen", protocolOpen)
            .putValue("lastTemplate", lastTemplate))
        .getFirstResult();

    assertThat(result).as(rule).isNotNull();
    assertThat((String) result.get("route")).as(rule).isEqualTo(route);
    assertThat((String) result.get("startProcess")).as("%s: the number's own journey", rule).isNull();
  }
}
