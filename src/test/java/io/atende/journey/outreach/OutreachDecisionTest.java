package io.atende.journey.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every row of {@code processes/outreach-decision.dmn} (the recontact-versus-new-protocol rule) as an analyst reads
 * it, read from {@code processes/} as the service deploys it; each outcome's value is one the process's gateway knows.
 */
class OutreachDecisionTest {

  private static DmnEngine engine;
  private static DmnDecision decision;

  @BeforeAll
  static void parse() throws Exception {
    engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    try (InputStream in = Files.newInputStream(Path.of("processes/outreach-decision.dmn"))) {
      decision = engine.parseDecision("outreachDecision", in);
    }
  }

  @ParameterizedTest(name = "{4}: {0} known={1} open={2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      // requested    | customerKnown | protocolOpen | outcome        | rule
      "activeContact  | false         | false        | SEND           | ActiveContactToNewNumber",
      "activeContact  | true          | false        | CONTACT_EXISTS | ActiveContactToKnownCustomer",
      "recontact      | true          | false        | SEND           | RecontactOfKnownCustomer",
      "recontact      | false         | false        | NOT_A_CONTACT  | RecontactOfUnknownNumber",
      "recontact      | true          | true         | IN_SERVICE     | InService",
      "activeContact  | true          | true         | IN_SERVICE     | InService (active contact to a customer in service)",
      // a customer registered in this request (an earlier check found none) and already with the bot cannot happen;
      // the rule still answers in service rather than sending
      "activeContact  | false         | true         | IN_SERVICE     | InService (open before anything else)"})
  void eachRequestIsDecidedAsTheTableSays(String requested, boolean known, boolean open, String outcome, String rule) {
    DmnDecisionTableResult result = engine.evaluateDecisionTable(decision, Variables.createVariables()
        .putValue("requested", requested).putValue("customerKnown", known).putValue("protocolOpen", open));

    assertThat(result).as(rule).hasSize(1);
    assertThat(result.getSingleResult().<String>getSingleEntry()).as(rule).isEqualTo(outcome);
    assertThat(OutreachProcess.Outcome.valueOf(outcome)).as("an outcome the gateway of outreach.bpmn routes").isNotNull();
  }
}
