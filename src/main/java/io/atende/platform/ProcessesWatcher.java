package io.atende.platform;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Hot redeploy: every {@code atende.processes.watch-interval} (0 switches it off) the models folder
 * is compared with what was last deployed (file names, sizes, modification times) and redeployed
 * when it differs. Running process instances keep their version; new ones start on the new one.
 */
@Component
class ProcessesWatcher implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(ProcessesWatcher.class);

  private final ProcessDeployer deployer;
  private final Duration interval;

  ProcessesWatcher(ProcessDeployer deployer, ProcessesProperties properties) {
    this.deployer = deployer;
    this.interval = properties.watchInterval();
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    if (interval == null || interval.isZero() || interval.isNegative()) {
      log.info("Watching {} for model changes is off (atende.processes.watch-interval={})", deployer.directory(), interval);
      return;
    }
    log.info("Watching {} for model changes every {}", deployer.directory(), interval);
    registrar.addFixedDelayTask(new FixedDelayTask(this::check, interval, interval));
  }

  void check() {
    try {
      deployer.deployIfChanged();
    } catch (RuntimeException e) {
      log.error("Checking {} for model changes failed; will try again in {}", deployer.directory(), interval, e);
    }
  }
}
