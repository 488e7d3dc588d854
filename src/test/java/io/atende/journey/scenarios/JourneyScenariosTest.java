package io.atende.journey.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.atende.journey.blocks.BlockTestSupport;
import io.atende.journey.scenarios.ScenarioRunner.Failure;
import io.atende.journey.scenarios.ScenarioRunner.Report;
import io.atende.platform.ProcessDeployer;
import io.atende.platform.ProcessesProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The journey scenarios analysts write: the shipped ones pass against the shipped models (this is how CI runs them), a
 * change that breaks one is reported with its line, and the service keeps such a change from going live.
 */
@ExtendWith(OutputCaptureExtension.class)
class JourneyScenariosTest extends BlockTestSupport {

  private static final String SCENARIOS = "conversation.scenarios.yaml";

  @Autowired ScenarioRunner runner;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;

  @Test
  void everyScenarioOfTheShippedJourneysPasses() {
    Report report = runner.run(ScenarioTestSupport.models(ScenarioTestSupport.PROCESSES), ScenarioTestSupport.scenarios(ScenarioTestSupport.PROCESSES));

    assertThat(report.failures()).extracting(Failure::describe).isEmpty();
    assertThat(report.scenarios()).isEqualTo(11);
  }

  @Test
  void aChangeThatBreaksAScenarioFailsWithTheFileLineScenarioStepAndWhatTheBotSaidInstead() {
    Map<String, byte[]> models = new HashMap<>(ScenarioTestSupport.models(ScenarioTestSupport.PROCESSES));
    models.put("menu-options.dmn", menuWithFinanceiroRenamed());

    Report report = runner.run(models, ScenarioTestSupport.scenarios(ScenarioTestSupport.PROCESSES));

    assertThat(report.failures()).extracting(Failure::describe).contains(
        "conversation.scenarios.yaml:12: scenario \"Escolhe uma opção do menu e é atendida na fila dela\", step 3: "
            + "'bot says: Digite o número da opção desejada:\n1 – Comercial\n2 – Financeiro\n3 – Suporte técnico': the bot said "
            + "\"Digite o número da opção desejada:\n1 – Comercial\n2 – Cobrança\n3 – Suporte técnico\" instead");
  }

  @Test
  void aStepOnAnotherPathSaysWhereTheJourneyIs() {
    Map<String, byte[]> scenarios = Map.of("x.scenarios.yaml", """
        journey: conversation
        scenarios:
          - name: Espera o documento cedo demais
            steps:
              - customer says: Oi
              - bot says containing: Em que podemos ajudar?
              - bot says containing: Digite o número
              - ends in queue: comercial
        """.getBytes(StandardCharsets.UTF_8));

    Report report = runner.run(ScenarioTestSupport.models(ScenarioTestSupport.PROCESSES), scenarios);

    assertThat(report.failures()).extracting(Failure::describe).containsExactly(
        "x.scenarios.yaml:8: scenario \"Espera o documento cedo demais\", step 4: 'ends in queue: comercial': "
            + "the conversation waits for no agent (it is at \"Perguntar opção do menu\", \"Aguardar resposta\")");
  }

  @Test
  void aScenarioFileWithAnUnknownStepIsReportedWithItsLine() {
    Map<String, byte[]> scenarios = Map.of("x.scenarios.yaml", """
        journey: conversation
        scenarios:
          - name: Digita errado
            steps:
              - customer says: Oi
              - bot sayz: Olá
        """.getBytes(StandardCharsets.UTF_8));

    Report report = runner.run(ScenarioTestSupport.models(ScenarioTestSupport.PROCESSES), scenarios);

    assertThat(report.failures()).singleElement().extracting(Failure::describe).asString()
        .startsWith("x.scenarios.yaml:6: the scenarios cannot be read: unknown step 'bot sayz'; the steps are: customer says,");
  }

  @Test
  void runningScenariosLeavesTheServicesEngineAlone() {
    long deployments = repository.createDeploymentQuery().count();
    long instances = runtime.createProcessInstanceQuery().count();

    runner.run(ScenarioTestSupport.models(ScenarioTestSupport.PROCESSES), ScenarioTestSupport.scenarios(ScenarioTestSupport.PROCESSES));

    assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments);
    assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(instances);
    assertThat(ProcessEngines.getProcessEngines().keySet()).as("the sandbox's engine is no engine of the service's REST API")
        .contains("default").noneMatch(name -> name.startsWith("atende-scenarios-"));
  }

  @Test
  void theServiceRefusesAChangeThatBreaksAScenarioAndKeepsThePreviousVersionLive(@TempDir Path folder, CapturedOutput output)
      throws IOException {
    for (var file : ScenarioTestSupport.models(ScenarioTestSupport.PROCESSES).entrySet()) {
      Files.createDirectories(folder.resolve(file.getKey()).getParent());
      Files.write(folder.resolve(file.getKey()), file.getValue());
    }
    Files.write(folder.resolve(SCENARIOS), ScenarioTestSupport.scenarios(ScenarioTestSupport.PROCESSES).get(SCENARIOS));
    ProcessDeployer deployer = new ProcessDeployer(repository, new ProcessesProperties(folder.toString(), Duration.ZERO), List.of(runner));
    int menuVersion = latestMenuVersion();

    Files.write(folder.resolve("menu-options.dmn"), menuWithFinanceiroRenamed());
    assertThat(deployer.deploy()).isEmpty();

    assertThat(latestMenuVersion()).isEqualTo(menuVersion);
    assertThat(output.getOut()).containsPattern("were not deployed \\(changed: \\[[^]]*menu-options\\.dmn")
        .contains("conversation.scenarios.yaml:12: scenario \"Escolhe uma opção do menu e é atendida na fila dela\", step 3")
        .contains("Every previous version stays active");

    String keyword = new String(ScenarioTestSupport.models(ScenarioTestSupport.PROCESSES).get("menu-options.dmn"), StandardCharsets.UTF_8)
        .replace("\"vendas, comprar,", "\"vendas, compras, comprar,");
    Files.writeString(folder.resolve("menu-options.dmn"), keyword);
    assertThat(deployer.deploy()).anyMatch(id -> id.startsWith("menuOptions:"));
    assertThat(latestMenuVersion()).isEqualTo(menuVersion + 1);
  }

  private int latestMenuVersion() {
    return repository.createDecisionDefinitionQuery().decisionDefinitionKey("menuOptions").latestVersion().singleResult().getVersion();
  }

  private static byte[] menuWithFinanceiroRenamed() {
    return new String(ScenarioTestSupport.models(ScenarioTestSupport.PROCESSES).get("menu-options.dmn"), StandardCharsets.UTF_8)
        .replace("<text>\"Financeiro\"</text>", "<text>\"Cobrança\"</text>").getBytes(StandardCharsets.UTF_8);
  }
}
