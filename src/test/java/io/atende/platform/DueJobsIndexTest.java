package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PlatformTest
class DueJobsIndexTest {

  private static final String PROBE = "dueJobProbe";

  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired DueJobsIndex dueJobsIndex;

  private String deploymentId;

  @BeforeEach
  void deployAProcessWithAnAsynchronousStep() {
    deploymentId = repository.createDeployment().addModelInstance(PROBE + ".bpmn", Bpmn.createExecutableProcess(PROBE)
        .camundaHistoryTimeToLive(1).startEvent().userTask().camundaAsyncBefore().endEvent().done()).deploy().getId();
  }

  @AfterEach
  void removeIt() {
    repository.deleteDeployment(deploymentId, true);
  }

  @Test
  void jobOfAnAsynchronousStepHasADueDate() {
    Job job = jobOf(runtime.startProcessInstanceByKey(PROBE).getId());

    assertThat(job.getDuedate()).isNotNull();
  }

  @Test
  void jobWithoutDueDateFromAnEarlierStartGetsOneBeforeTheJobExecutorRuns() {
    String processInstanceId = runtime.startProcessInstanceByKey(PROBE).getId();
    jdbc.sql("update ACT_RU_JOB set DUEDATE_ = null where PROCESS_INSTANCE_ID_ = ?").param(processInstanceId).update();
    assertThat(jobOf(processInstanceId).getDuedate()).isNull();

    dueJobsIndex.afterPropertiesSet();

    assertThat(jobOf(processInstanceId).getDuedate()).isNotNull();
  }

  @Test
  void dueJobsAreFoundThroughTheDueDateIndex() throws Exception {
    // Camunda's acquisition query (Job.xml, selectNextJobsToExecute) with every job due-dated
    String plan = plan("""
        select RES.ID_, RES.REV_, RES.DUEDATE_, RES.PROCESS_INSTANCE_ID_, RES.EXCLUSIVE_ from ACT_RU_JOB RES
        where (RES.RETRIES_ > 0) and (RES.DUEDATE_ <= ?) and (RES.LOCK_OWNER_ is null or RES.LOCK_EXP_TIME_ < ?)
        and RES.SUSPENSION_STATE_ = 1 and ((RES.EXCLUSIVE_ = TRUE and not exists(select J2.ID_ from ACT_RU_JOB J2
        where J2.PROCESS_INSTANCE_ID_ = RES.PROCESS_INSTANCE_ID_ and (J2.EXCLUSIVE_ = TRUE)
        and (J2.LOCK_OWNER_ is not null and J2.LOCK_EXP_TIME_ >= ?))) or RES.EXCLUSIVE_ = FALSE)
        fetch first 16 rows only""");

    assertThat(plan).contains(DueJobsIndex.INDEX + ": DUEDATE_ <= ?1").doesNotContain("ACT_RU_JOB.tableScan");
  }

  private Job jobOf(String processInstanceId) {
    return management.createJobQuery().processInstanceId(processInstanceId).singleResult();
  }

  private String plan(String sql) throws Exception {
    try (Connection connection = dataSource.getConnection(); PreparedStatement explain = connection.prepareStatement("explain " + sql)) {
      Timestamp now = Timestamp.from(Instant.now());
      for (int i = 1; i <= 3; i++) {
        explain.setTimestamp(i, now);
      }
      try (ResultSet rs = explain.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
