package io.atende.platform;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.springframework.stereotype.Component;

/**
 * A job that fails with a {@link RetryAwareFailure} that retrying cannot help goes to an incident at once: its
 * retry cycle (e.g. {@code R5/PT10S} on a send) is for outages and rate limits, and repeating a request WhatsApp
 * refused only repeats the refusal. Once the cause is mended (a new access token, an approved template), an
 * operator retries the incident in Cockpit and the job runs again. Every other failure keeps Camunda's handling.
 */
@Component
class PermanentFailuresRaiseIncidents extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setFailedJobCommandFactory(PermanentFailuresRaiseIncidents::command);
  }

  static Command<Object> command(String jobId, Throwable failure) {
    Command<Object> standard = new DefaultJobRetryCmd(jobId, failure);
    if (worthRetrying(failure)) {
      return standard;
    }
    return context -> {
      standard.execute(context); // records the failure on the job and releases its lock
      JobEntity job = context.getJobManager().findJobById(jobId);
      if (job != null && job.getRetries() > 0) {
        job.setRetries(0); // the engine raises the incident
      }
      return null;
    };
  }

  static boolean worthRetrying(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RetryAwareFailure aware) {
        return aware.worthRetrying();
      }
    }
    return true;
  }
}
