package io.atende.platform;

import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gives this node's job executor a stable name and, when the node starts, hands back the jobs it still held when it
 * stopped without a goodbye (a crash, kill -9). Camunda locks a job for its executor while running it
 * ({@code lock-time-in-millis}, 5 minutes by default) under a name that is by default new at every start, so after
 * a crash the jobs that were running (the greeting of a customer who just wrote, say) waited out those 5 minutes
 * before any node took them again. With the node's own stable name ({@code atende.node-id}, the host name by
 * default) the restarted node knows its own stale locks and releases them before its job executor starts; locks of
 * other nodes are left alone (they may be running those jobs right now). Each node of a cluster needs a name of
 * its own: two nodes with one name would release each other's locks at start.
 */
@Component
class JobLocksOfThisNode extends AbstractProcessEnginePlugin {

  private static final Logger log = LoggerFactory.getLogger(JobLocksOfThisNode.class);

  static final int ATTEMPTS = 5;

  private final String nodeId;
  private final DataSource dataSource;

  JobLocksOfThisNode(NodeName node, DataSource dataSource) {
    this.nodeId = node.value();
    this.dataSource = dataSource;
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    JobExecutor jobExecutor = configuration.getJobExecutor();
    if (jobExecutor != null) {
      jobExecutor.setLockOwner(nodeId);
    }
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    String table = configuration.getDatabaseTablePrefix() + "ACT_RU_JOB";
    // REV_ moves on, so that a write of the old lock holder (there is none after a crash) would fail as stale
    String release = "update " + table + " set LOCK_OWNER_ = null, LOCK_EXP_TIME_ = null, REV_ = REV_ + 1 where LOCK_OWNER_ = ?";
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    for (int attempt = 1; ; attempt++) {
      try {
        int released = jdbc.update(release, nodeId);
        if (released > 0) {
          log.warn("Node {} stopped without shutting down while running {} job(s); they run again now", nodeId, released);
        }
        return;
      } catch (TransientDataAccessException e) {
        // seen once on H2 right after a kill -9: the rows stayed locked beyond the lock timeout. Try again; after the
        // last try the jobs wait out their lock time (camunda lock-time-in-millis) instead of the node not starting
        log.warn("Releasing the jobs node {} held before it stopped waited too long for a lock (attempt {} of {}): {}",
            nodeId, attempt, ATTEMPTS, e.getMostSpecificCause().getMessage());
        logSessions(jdbc);
        if (attempt == ATTEMPTS) {
          log.warn("Jobs node {} held before it stopped run again once their lock time is over", nodeId);
          return;
        }
        try {
          Thread.sleep(500L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** What the other sessions of the database are doing (H2 and PostgreSQL), to find who held the lock. */
  private static void logSessions(JdbcTemplate jdbc) {
    try {
      String sql = Databases.isH2(jdbc.getDataSource())
          ? "select session_id || ' ' || coalesce(executing_statement, '-') || ' since ' || coalesce(cast(executing_statement_start as varchar), '-')"
              + " || ' uncommitted ' || cast(contains_uncommitted as varchar) || ' blocked by ' || coalesce(cast(blocker_id as varchar), '-')"
              + " from information_schema.sessions"
          : "select pid || ' ' || state || ' ' || coalesce(wait_event_type, '-') || ' ' || left(coalesce(query, '-'), 200)"
              + " from pg_stat_activity where datname = current_database()";
      jdbc.queryForList(sql, String.class).forEach(session -> log.warn("Database session: {}", session));
    } catch (RuntimeException e) {
      log.warn("Could not list the database's sessions: {}", e.getMessage());
    }
  }
}
