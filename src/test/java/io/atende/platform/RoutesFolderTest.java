package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The integrator's folder (a temporary copy of {@code routes/}): its routes run from the start, and a route file
 * dropped or changed there runs without a restart.
 */
@SpringBootTest(properties = {
    "spring.datasource.url=jdbc:h2:mem:routes-folder-test;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.processes.watch-interval=0"})
@ExtendWith(OutputCaptureExtension.class)
class RoutesFolderTest {

  private static final Path ROUTES = copyOfTheRoutesFolder();
  private static final Duration RELOAD = Duration.ofSeconds(30);

  @Autowired CamelContext camel;
  @Autowired ProducerTemplate producer;

  @DynamicPropertySource
  static void routesFolder(DynamicPropertyRegistry registry) {
    registry.add("camel.main.routes-include-pattern", () -> "file:" + ROUTES + "/*.yaml");
    registry.add("camel.main.routes-reload-directory", ROUTES::toString);
  }

  @Test
  void channelRoutesOfTheFolderRunFromTheStart() {
    assertThat(camel.getRoute("whatsapp-inbound")).isNotNull();
    assertThat(camel.getRoute("whatsapp-send")).isNotNull();
  }

  @Test
  void routeDroppedIntoTheFolderRunsWithoutARestartAndAChangeReplacesIt() throws IOException {
    drop("crm-greeting.yaml", route("Olá do CRM"));
    await().atMost(RELOAD).until(() -> camel.getRoute("crm-greeting") != null);
    assertThat(producer.requestBody("direct:crm-greeting", "", String.class)).isEqualTo("Olá do CRM");

    drop("crm-greeting.yaml", route("Olá de novo"));
    await().atMost(RELOAD).ignoreExceptions()
        .until(() -> "Olá de novo".equals(producer.requestBody("direct:crm-greeting", "", String.class)));
    assertThat(camel.getRoute("whatsapp-inbound")).as("reloading one file keeps the others").isNotNull();
  }

  @Test
  void brokenRouteFileIsReportedAndLeavesTheRunningRoutesAloneUntilItIsFixed(CapturedOutput output) throws IOException {
    drop("broken.yaml", route("nunca").replace("crm-greeting", "broken").replace("setBody", "noSuchStep"));
    await().atMost(RELOAD).until(() -> output.getOut().contains("Unknown node id: noSuchStep"));
    assertThat(camel.getRoute("broken")).isNull();
    assertThat(camel.getRoute("whatsapp-inbound")).isNotNull();
    assertThat(camel.getRoute("whatsapp-send")).isNotNull();

    drop("broken.yaml", route("consertado").replace("crm-greeting", "broken"));
    await().atMost(RELOAD).until(() -> camel.getRoute("broken") != null);
    assertThat(producer.requestBody("direct:broken", "", String.class)).isEqualTo("consertado");
  }

  /** Saves a file as editors do, whole at once, so the watcher never sees it half written. */
  private static void drop(String name, String content) throws IOException {
    Path part = Files.writeString(ROUTES.resolve(name + ".part"), content);
    Files.move(part, ROUTES.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String route(String answer) {
    return """
        - route:
            id: crm-greeting
            from:
              uri: direct:crm-greeting
              steps:
                - setBody:
                    constant: "%s"
        """.formatted(answer);
  }

  private static Path copyOfTheRoutesFolder() {
    try {
      Path dir = Files.createTempDirectory("atende-routes");
      try (Stream<Path> files = Files.list(Path.of("routes"))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
          Files.copy(file, dir.resolve(file.getFileName()));
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
