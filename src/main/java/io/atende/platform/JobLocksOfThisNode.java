package io.atende.platform;

import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    int released = new JdbcTemplate(dataSource).update(
        "update " + table + " set LOCK_OWNER_ = null, LOCK_EXP_TIME_ = null, REV_ = REV_ + 1 where LOCK_OWNER_ = ?", nodeId);
    if (released > 0) {
      log.warn("Node {} stopped without shutting down while running {} job(s); they run again now", nodeId, released);
    }
  }
}
