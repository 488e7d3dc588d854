package io.atende.journey;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;

/**
 * The idempotency key of a send from a process step. Inside an asynchronous continuation it is the
 * job's id, which stays the same across the job's retries and changes on each new visit of the step;
 * so a retried job never sends twice, while a step visited again (a loop) sends again.
 */
public final class SendKeys {

  private SendKeys() {}

  public static String of(DelegateExecution execution) {
    JobEntity job = Context.getJobExecutorContext() == null ? null : Context.getJobExecutorContext().getCurrentJob();
    String visit = job != null ? "job:" + job.getId() : "act:" + execution.getActivityInstanceId();
    return execution.getProcessInstanceId() + ":" + execution.getCurrentActivityId() + ":" + visit;
  }
}
