package io.atende.journey.batch;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code ${finishBatch}}: every recipient was handled; the batch is FINISHED (statuses keep arriving for its report). */
@Component("finishBatch")
class FinishBatch implements JavaDelegate {

  private final BatchStore store;

  FinishBatch(BatchStore store) {
    this.store = store;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long batchId = ((Number) execution.getVariable(BatchProcess.Variables.BATCH_ID)).longValue();
    store.move(batchId, BatchStore.Status.FINISHED, BatchStore.Status.RUNNING);
  }
}
