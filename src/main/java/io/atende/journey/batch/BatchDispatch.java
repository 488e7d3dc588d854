package io.atende.journey.batch;

import io.atende.journey.batch.BatchProcess.Dispatch;
import io.atende.journey.batch.BatchStore.Recipient;
import io.atende.journey.batch.BatchStore.Status;
import io.atende.platform.BackgroundThreads;
import io.atende.template.TemplateMessages;
import io.atende.template.TemplateRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jakarta.annotation.PreDestroy;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code ${sendBatchChunk}} (asynchronous: one job per chunk): sends the batch's queued recipients in sheet order, a
 * few at a time in parallel, each after its permit from the cluster's rate limiter, for at most
 * {@code atende.batches.chunk-time}; then leaves {@code dispatch} = more, paused, cancelled or done for the gateway. Every
 * round looks at the batch's status first, so a pause or a cancel stops it within a round. A node lost in the middle
 * loses nothing: the job runs again elsewhere and each recipient's send key makes a repeat a no-op.
 */
@Component("sendBatchChunk")
class BatchDispatch implements JavaDelegate {

  private static final Logger log = LoggerFactory.getLogger(BatchDispatch.class);

  private final BatchStore store;
  private final RecipientSender sender;
  private final BatchProperties properties;
  private final BatchRateLimiter limiter;
  private final TemplateMessages templates;
  private final ExecutorService pool;

  BatchDispatch(BatchStore store, RecipientSender sender, BatchProperties properties, BatchRateLimiter limiter,
      TemplateMessages templates) {
    this.templates = templates;
    this.store = store;
    this.sender = sender;
    this.properties = properties;
    this.limiter = limiter;
    this.pool = Executors.newFixedThreadPool(properties.dispatchThreads(), BackgroundThreads.factory("batch-send-"));
  }

  @PreDestroy
  void stop() {
    pool.shutdownNow();
  }

  @Override
  public void execute(DelegateExecution execution) {
    long batchId = ((Number) execution.getVariable(BatchProcess.Variables.BATCH_ID)).longValue();
    execution.setVariable(BatchProcess.Variables.DISPATCH, dispatch(batchId).value());
  }

  Dispatch dispatch(long batchId) {
    BatchStore.Batch batch = store.find(batchId).orElseThrow(() -> new IllegalStateException("No batch " + batchId));
    Instant until = Instant.now().plus(properties.chunkTime());
    // about a second's sends per round: a pause or cancel takes effect within a second or so
    int round = Math.max(1, Math.min(properties.dispatchThreads() * 4, limiter.permitsPerSecond(batch.phoneNumberId())));
    while (true) {
      Status status = store.status(batchId).orElseThrow();
      if (status == Status.PAUSED) {
        return Dispatch.PAUSED;
      }
      if (status == Status.CANCELLED) {
        int cancelled = store.cancelQueued(batchId);
        log.info("Batch {} cancelled; {} recipients not sent", batchId, cancelled);
        return Dispatch.CANCELLED;
      }
      if (status == Status.FINISHED) {
        return Dispatch.DONE;
      }
      List<Recipient> recipients = store.queued(batchId, round);
      if (recipients.isEmpty()) {
        return Dispatch.DONE;
      }
      sendAll(batch, recipients);
      if (Instant.now().isAfter(until)) {
        return Dispatch.MORE;
      }
    }
  }

  /** Sends a round in parallel; a transient failure (WhatsApp down) fails the job after the round, to be retried. */
  private void sendAll(BatchStore.Batch batch, List<Recipient> recipients) {
    List<Future<?>> sends = new ArrayList<>(recipients.size());
    TemplateRecord template = templates.find(batch.templateName(), batch.templateLanguage()).orElse(null);
    for (Recipient r : recipients) {
      sends.add(pool.submit(() -> sender.send(batch, template, r)));
    }
    RuntimeException failure = null;
    for (Future<?> send : sends) {
      try {
        send.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while sending batch " + batch.id(), e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
