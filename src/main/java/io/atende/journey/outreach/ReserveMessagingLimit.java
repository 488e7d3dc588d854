package io.atende.journey.outreach;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** TEMPORARY until io.atende.limits lands. */
@Component("reserveMessagingLimit")
class ReserveMessagingLimit implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {}
}
