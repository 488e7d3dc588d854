package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.atende.AtendeApplication;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** History level: 'audit' for a new database, and a database keeps the level it was made with across restarts. */
class HistoryLevelTest {

  @TempDir
  Path dir;

  @Test
  void newDatabaseGetsAuditHistory() {
    assertThat(historyLevelOfAStart()).isEqualTo("audit");
  }

  @Test
  void databaseMadeWithFullHistoryKeepsItAfterARestartOnTheDefaults() {
    assertThat(historyLevelOfAStart("--camunda.bpm.history-level=full")).isEqualTo("full");

    assertThat(historyLevelOfAStart()).isEqualTo("full");
  }

  private String historyLevelOfAStart(String... extra) {
    String[] args = {
        "--spring.datasource.url=jdbc:h2:file:" + dir.toAbsolutePath() + "/db",
        "--atende.whatsapp.media-directory=" + dir.resolve("media"),
        "--server.port=0",
        "--camunda.bpm.job-execution.enabled=false",
        "--atende.processes.watch-interval=0"};
    String[] all = Stream.concat(Arrays.stream(args), Arrays.stream(extra)).toArray(String[]::new);
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(AtendeApplication.class).run(all)) {
      ProcessEngine engine = app.getBean(ProcessEngine.class);
      return ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getHistoryLevel().getName();
    }
  }
}
