package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A restarted node hands back the jobs it held when it stopped, even when their rows are locked for a while. */
class JobLocksOfThisNodeTest {

  @Test
  void aLockHeldLongerThanTheLockTimeoutDelaysTheReleaseInsteadOfFailingTheStart() throws Exception {
    DriverManagerDataSource dataSource = new DriverManagerDataSource(
        "jdbc:h2:mem:joblocks;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=200", "sa", "");
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    jdbc.execute("create table ACT_RU_JOB (ID_ varchar(64) primary key, LOCK_OWNER_ varchar(255), LOCK_EXP_TIME_ timestamp, REV_ int)");
    jdbc.update("insert into ACT_RU_JOB values ('job-1', 'node-a', current_timestamp, 1), ('job-2', 'node-b', current_timestamp, 1)");
    ProcessEngine engine = mock(ProcessEngine.class);
    when(engine.getProcessEngineConfiguration()).thenReturn(new StandaloneInMemProcessEngineConfiguration());
    JobLocksOfThisNode locks = new JobLocksOfThisNode(new NodeName("node-a"), dataSource);

    try (Connection holder = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      holder.createStatement().executeUpdate("update ACT_RU_JOB set REV_ = REV_ where ID_ = 'job-1'");
      CompletableFuture<Void> release = CompletableFuture.runAsync(() -> locks.postProcessEngineBuild(engine));
      // the first try times out after 200 ms; the release goes on trying while the row stays locked
      await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> !release.isDone());
      holder.commit();
      release.get();
    }

    assertThat(jdbc.queryForList("select ID_ || ':' || coalesce(LOCK_OWNER_, '-') || ':' || REV_ from ACT_RU_JOB order by ID_", String.class))
        .as("this node's job released, the other node's left alone")
        .containsExactly("job-1:-:2", "job-2:node-b:1");
  }
}
