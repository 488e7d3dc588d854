package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The embedded database's durability settings: by default ({@code atende.h2.durable-mode=acknowledgements}) H2 keeps
 * its lazy writer (WRITE_DELAY 500 ms) and the webhook's CHECKPOINT writes the file before each 200 (CrashRecoveryTest
 * shows no acknowledged notification lost); in {@code every-commit} mode every commit waits for the file (WRITE_DELAY 0).
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

  @Test
  void callersThatComeWhileACheckpointRunsShareTheNextOne() throws Exception {
    DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("db3") + ";DB_CLOSE_DELAY=-1", "sa", "");
    java.util.concurrent.atomic.AtomicInteger checkpoints = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CountDownLatch firstStarted = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch releaseFirst = new java.util.concurrent.CountDownLatch(1);
    DurableAcknowledgements durable = new DurableAcknowledgements(dataSource, true, "acknowledgements") {
      @Override
      void runCheckpoint() {
        if (checkpoints.incrementAndGet() == 1) {
          firstStarted.countDown();
          try {
            releaseFirst.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        super.runCheckpoint();
      }
    };
    java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(11);
    try {
      java.util.concurrent.Future<?> first = callers.submit(durable::flush);
      firstStarted.await();
      List<java.util.concurrent.Future<?>> later = new java.util.ArrayList<>();
      for (int i = 0; i < 10; i++) {
        later.add(callers.submit(durable::flush));
      }
      // the ten wait: the running checkpoint may have started before their commits
      org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(200)).until(() -> later.stream().noneMatch(java.util.concurrent.Future::isDone));
      releaseFirst.countDown();
      first.get();
      for (java.util.concurrent.Future<?> f : later) {
        f.get();
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(checkpoints).as("one for the first caller, one for the ten that came while it ran").hasValue(2);
  }

  @Test
  void whoWaitsForACheckpointWhenTheServiceStopsHearsItAtOnceInsteadOfHanging() throws Exception {
    DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("db4") + ";DB_CLOSE_DELAY=-1", "sa", "");
    java.util.concurrent.CountDownLatch firstStarted = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch releaseFirst = new java.util.concurrent.CountDownLatch(1);
    DurableAcknowledgements durable = new DurableAcknowledgements(dataSource, true, "acknowledgements") {
      @Override
      void runCheckpoint() {
        firstStarted.countDown();
        try {
          releaseFirst.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      callers.submit(durable::flush);
      firstStarted.await();
      java.util.concurrent.Future<?> waiting = callers.submit(durable::flush);
      org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(200)).until(() -> !waiting.isDone());

      durable.stop();

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> waiting.get(5, java.util.concurrent.TimeUnit.SECONDS))
          .hasRootCauseMessage("The service is stopping: the database file is not written any more");
      org.assertj.core.api.Assertions.assertThatThrownBy(durable::flush).hasMessageContaining("stopping");
    } finally {
      releaseFirst.countDown();
      callers.shutdownNow();
    }
  }

  private static String writeDelay(DriverManagerDataSource dataSource) {
    // H2 lists the setting once per scope; they agree
    return new JdbcTemplate(dataSource).queryForList(
        "select distinct setting_value from information_schema.settings where setting_name = 'WRITE_DELAY'", String.class)
        .stream().reduce((a, b) -> a + "," + b).orElse(null);
  }
}
