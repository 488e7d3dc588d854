package io.atende.platform;

import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Lets the job executor find due jobs without reading every job. Each waiting journey keeps its reminder
 * and give-up timers in {@code ACT_RU_JOB}, so the table holds two future timers per waiting customer;
 * Camunda has no index on the due date and its acquisition query ("due date null or past") reads them all,
 * several times a second. With {@code ensure-job-due-date-not-null} (application.yml) every job has a due
 * date and the query is a plain range, which this index answers. Jobs of a database made before that
 * setting may lack a due date; they get one here, or the job executor would never pick them up.
 * Runs before the job executor starts (H2 and PostgreSQL).
 */
@Component
class DueJobsIndex implements InitializingBean {

  static final String INDEX = "ACT_IDX_JOB_DUEDATE";
  private static final Logger log = LoggerFactory.getLogger(DueJobsIndex.class);

  private final JdbcClient jdbc;
  private final ManagementService management;
  private final ProcessEngineConfigurationImpl configuration;

  DueJobsIndex(JdbcClient jdbc, ProcessEngine engine) {
    this.jdbc = jdbc;
    this.management = engine.getManagementService();
    this.configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
  }

  @Override
  public void afterPropertiesSet() {
    String jobs = configuration.getDatabaseTablePrefix() + "ACT_RU_JOB";
    jdbc.sql("create index if not exists " + INDEX + " on " + jobs + " (DUEDATE_)").update();
    if (configuration.isEnsureJobDueDateNotNull()) {
      giveDueDates(jdbc.sql("select ID_ from " + jobs + " where DUEDATE_ is null").query(String.class).list());
    }
  }

  private void giveDueDates(List<String> jobIds) {
    Date now = new Date();
    jobIds.forEach(id -> management.setJobDuedate(id, now));
    if (!jobIds.isEmpty()) {
      log.info("Gave {} jobs of an earlier start a due date, so the job executor picks them up", jobIds.size());
    }
  }
}
