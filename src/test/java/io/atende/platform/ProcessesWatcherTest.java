package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Hot redeploy of the models folder, on a temporary folder watched every 100 ms. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.datasource.url=jdbc:h2:mem:processes-watcher-test;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false",
        "atende.processes.watch-interval=100ms"
    })
@ExtendWith(OutputCaptureExtension.class)
class ProcessesWatcherTest {

  private static final Path MODELS = createModelsFolder();
  private static final Duration SEVERAL_CHECKS = Duration.ofMillis(600);

  @Autowired
  RepositoryService repositoryService;

  @DynamicPropertySource
  static void modelsFolder(DynamicPropertyRegistry registry) {
    registry.add("atende.processes.directory", MODELS::toString);
  }

  /** The folder as the service finds it at start: one good model and one it must refuse without failing to start. */
  private static Path createModelsFolder() {
    try {
      Path dir = Files.createTempDirectory("atende-processes");
      Files.writeString(dir.resolve("present-at-start.bpmn"), bpmn("presentAtStart", "Present at start", true));
      Files.writeString(dir.resolve("broken-at-start.bpmn"), "<bpmn:definitions");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void serviceStartsDespiteABrokenModelAndDeploysTheGoodOnes() {
    // The context started with broken-at-start.bpmn in the folder, and its neighbour was deployed.
    assertThat(latestVersion("presentAtStart")).isEqualTo(1);
  }

  @Test
  void newFileIsDeployed() throws IOException {
    write("added.bpmn", bpmn("added", "Added", true));

    await().atMost(Duration.ofSeconds(10)).until(() -> latestVersion("added") == 1);
  }

  @Test
  void unchangedFileMakesNoNewVersion(CapturedOutput output) throws IOException {
    Path file = write("untouched.bpmn", bpmn("untouched", "Untouched", true));
    await().atMost(Duration.ofSeconds(10)).until(() -> latestVersion("untouched") == 1);
    long deployments = repositoryService.createDeploymentQuery().count();

    // Same content, new modification time: the folder changed, the model did not.
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
    await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("Models changed in " + MODELS + ": [untouched.bpmn]"));
    await().during(SEVERAL_CHECKS).atMost(SEVERAL_CHECKS.plusSeconds(2)).until(() -> latestVersion("untouched") == 1);

    assertThat(repositoryService.createDeploymentQuery().count()).isEqualTo(deployments);
  }

  @Test
  void changedFileMakesANewVersionOfThatDefinitionOnly() throws IOException {
    write("changing.bpmn", bpmn("changing", "Changing", true));
    write("neighbour.bpmn", bpmn("neighbour", "Neighbour", true));
    await().atMost(Duration.ofSeconds(10)).until(() -> latestVersion("changing") == 1 && latestVersion("neighbour") == 1);

    write("changing.bpmn", bpmn("changing", "Changing, second edition", true));

    await().atMost(Duration.ofSeconds(10)).until(() -> latestVersion("changing") == 2);
    await().during(SEVERAL_CHECKS).atMost(SEVERAL_CHECKS.plusSeconds(2)).until(() -> latestVersion("neighbour") == 1);
    assertThat(repositoryService.createProcessDefinitionQuery().processDefinitionKey("changing").latestVersion().singleResult().getName())
        .isEqualTo("Changing, second edition");
  }

  @Test
  void modelWithoutHistoryTimeToLiveIsRefusedWithAClearErrorAndOthersStillDeploy(CapturedOutput output) throws IOException {
    write("no-ttl.bpmn", bpmn("noTtl", "No TTL", false));
    write("beside-no-ttl.bpmn", bpmn("besideNoTtl", "Beside no TTL", true));

    await().atMost(Duration.ofSeconds(10)).until(() -> latestVersion("besideNoTtl") == 1);
    assertThat(output.getOut()).contains("Model no-ttl.bpmn was not deployed: process [noTtl] has no historyTimeToLive");
    assertThat(latestVersion("noTtl")).isZero();

    // The analyst fixes the file: the watcher is still running and deploys it.
    write("no-ttl.bpmn", bpmn("noTtl", "No TTL", true));
    await().atMost(Duration.ofSeconds(10)).until(() -> latestVersion("noTtl") == 1);
  }

  @Test
  void unparsableModelIsRefusedWithAClearErrorAndItsPreviousVersionStays(CapturedOutput output) throws IOException {
    write("edited-badly.bpmn", bpmn("editedBadly", "Edited badly", true));
    await().atMost(Duration.ofSeconds(10)).until(() -> latestVersion("editedBadly") == 1);

    write("edited-badly.bpmn", bpmn("editedBadly", "Edited badly", true).replace("</bpmn:process>", ""));

    await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("Model edited-badly.bpmn was not deployed: it is not a valid BPMN file"));
    assertThat(output.getOut()).containsPattern("(?i)edited-badly.bpmn was not deployed: .*line[= ]9");
    await().during(SEVERAL_CHECKS).atMost(SEVERAL_CHECKS.plusSeconds(2)).until(() -> latestVersion("editedBadly") == 1);
  }

  @Test
  void modelTheEngineRefusesIsReportedAndTheWatcherGoesOn(CapturedOutput output) throws IOException {
    // Valid BPMN XML, but a service task without an implementation is refused by the engine's parser.
    write("engine-refuses.bpmn", bpmn("engineRefuses", "Engine refuses", true)
        .replace("<bpmn:endEvent", "<bpmn:serviceTask id=\"DoNothing\" name=\"Do nothing\"/><bpmn:endEvent"));

    await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("The engine refused the models in " + MODELS));
    assertThat(output.getOut()).contains("is mandatory on serviceTask").contains("resource engine-refuses.bpmn | line");
    assertThat(latestVersion("engineRefuses")).isZero();

    write("engine-refuses.bpmn", bpmn("engineRefuses", "Engine refuses", true));
    await().atMost(Duration.ofSeconds(10)).until(() -> latestVersion("engineRefuses") == 1);
  }

  @AfterAll
  static void removeModelsFolder() throws IOException {
    try (var files = Files.walk(MODELS)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private int latestVersion(String key) {
    var definition = repositoryService.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
    return definition == null ? 0 : definition.getVersion();
  }

  private static Path write(String name, String content) throws IOException {
    Path file = MODELS.resolve(name);
    boolean existed = Files.exists(file);
    Files.writeString(file, content);
    if (existed) {
      // File systems with coarse timestamps could hide a quick edit; the size may not change either.
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    }
    return file;
  }

  private static String bpmn(String id, String name, boolean withHistoryTimeToLive) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          id="Definitions_%1$s" targetNamespace="http://atende.io/test">
          <bpmn:process id="%1$s" name="%2$s" isExecutable="true"%3$s>
            <bpmn:startEvent id="Started" name="Started"/>
            <bpmn:endEvent id="Ended" name="Ended"/>
          </bpmn:process>
        </bpmn:definitions>
        """.formatted(id, name, withHistoryTimeToLive ? " camunda:historyTimeToLive=\"P1D\"" : "");
  }
}
