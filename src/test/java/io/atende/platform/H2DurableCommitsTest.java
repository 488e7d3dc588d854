package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The embedded database's durability settings: by default ({@code atende.h2.durable-mode=every-commit}) every commit
 * waits for the file (WRITE_DELAY 0; CrashRecoveryTest shows no acknowledged notification lost); in the experimental
 * {@code acknowledgements} mode H2 keeps its lazy writer (WRITE_DELAY 500 ms) and the webhook's CHECKPOINT writes the
 * file before each 200.
 */
class H2DurableCommitsTest {

  @TempDir Path dir;

  @Test
  void inAcknowledgementModeH2WritesLazilyAndTheWebhooksCheckpointWritesTheFile() throws Exception {
    DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_DELAY=-1", "sa", "");
    new JdbcTemplate(dataSource).execute("set write_delay 0"); // a database file of an earlier version
    new H2DurableCommits(dataSource, true, "acknowledgements").afterPropertiesSet();
    assertThat(writeDelay(dataSource)).isEqualTo("500");

    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    jdbc.execute("create table t (id int)");
    jdbc.update("insert into t values (1)");
    new DurableAcknowledgements(dataSource, true, "acknowledgements").flush();
    assertThat(jdbc.queryForObject("select count(*) from t", Integer.class)).isOne();
  }

  @Test
  void everyCommitModeMakesEachCommitWaitForTheFile() throws Exception {
    DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("db2") + ";DB_CLOSE_DELAY=-1", "sa", "");
    new H2DurableCommits(dataSource, true, "every-commit").afterPropertiesSet();
    assertThat(writeDelay(dataSource)).isEqualTo("0");
  }

  private static String writeDelay(DriverManagerDataSource dataSource) {
    // H2 lists the setting once per scope; they agree
    return new JdbcTemplate(dataSource).queryForList(
        "select distinct setting_value from information_schema.settings where setting_name = 'WRITE_DELAY'", String.class)
        .stream().reduce((a, b) -> a + "," + b).orElse(null);
  }
}
