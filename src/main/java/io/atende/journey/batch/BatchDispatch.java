package io.atende.journey.batch;

import io.atende.journey.batch.BatchProcess.Dispatch;
import io.atende.journey.batch.BatchStore.Recipient;
import io.atende.journey.batch.BatchStore.Status;
import io.atende.platform.BackgroundThreads;
import io.atende.template.TemplateMessages;
import io.atende.template.TemplateRecord;
import io.atende.whatsapp.WhatsAppProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import jakarta.annotation.PreDestroy;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code ${sendBatchChunk}} (asynchronous: one job per chunk): sends the batch's queued recipients in sheet order, many
 * in flight at once (each waits for its slot of the number's rate, {@code io.atende.whatsapp.SendRateLimiter}, as a
 * batch send, then for the Graph API), for at most {@code atende.batches.chunk-time}; then leaves {@code dispatch} =
 * more, paused, cancelled or done for the gateway. The sends are fed continuously (a new one starts as soon as one
 * ends), so the number's slots are not missed between rounds; the batch's status is read every half second or so, so a
 * pause or a cancel stops it within about a second. A node lost in the middle loses nothing: the job runs again
 * elsewhere and each recipient's send key makes a repeat a no-op.
 */
@Component("sendBatchChunk")
class BatchDispatch implements JavaDelegate {

  private static final Logger log = LoggerFactory.getLogger(BatchDispatch.class);
  private static final Duration STATUS_EVERY = Duration.ofMillis(500);
  /** How long a chunk with only recipients waiting for their send's status left pauses before the next looks again. */
  private static final Duration WAITING_PAUSE = Duration.ofSeconds(1);

  private final BatchStore store;
  private final RecipientSender sender;
  private final BatchProperties properties;
  private final WhatsAppProperties whatsApp;
  private final TemplateMessages templates;
  private final ExecutorService pool;

  BatchDispatch(BatchStore store, RecipientSender sender, BatchProperties properties, WhatsAppProperties whatsApp,
      TemplateMessages templates) {
    this.templates = templates;
    this.store = store;
    this.sender = sender;
    this.properties = properties;
    this.whatsApp = whatsApp;
    this.pool = Executors.newCachedThreadPool(BackgroundThreads.factory("batch-send-"));
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

  /**
   * Sends of one batch in flight at once: {@code atende.batches.dispatch-threads}, or when 0 (the default) the number's
   * messages per second × the Graph API round trip ({@code atende.whatsapp.graph-round-trip}) with half again as
   * much for slow answers, but never more than a quarter of a second's sends, so a pause or a cancel lets at most
   * those still leave: 20 at 80/s, 250 at 1,000/s, 1 at 2/s.
   */
  int inFlight(String phoneNumberId) {
    if (properties.dispatchThreads() > 0) {
      return properties.dispatchThreads();
    }
    int perSecond = Math.max(1, whatsApp.number(phoneNumberId).map(WhatsAppProperties.BusinessNumber::messagesPerSecond).orElse(80));
    long needed = (long) Math.ceil(perSecond * whatsApp.graphRoundTrip().toMillis() * 1.5 / 1000);
    return (int) Math.max(1, Math.min(perSecond / 4, needed));
  }

  Dispatch dispatch(long batchId) {
    BatchStore.Batch batch = store.find(batchId).orElseThrow(() -> new IllegalStateException("No batch " + batchId));
    Instant until = Instant.now().plus(properties.chunkTime());
    int inFlight = inFlight(batch.phoneNumberId());
    Semaphore free = new Semaphore(inFlight);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    // recipients done with, and those left queued while their send's outcome is unknown (waiting for Meta's status)
    AtomicInteger done = new AtomicInteger();
    AtomicInteger waiting = new AtomicInteger();
    TemplateRecord template = templates.find(batch.templateName(), batch.templateLanguage()).orElse(null);
    int lastRow = 0;
    java.util.ArrayDeque<Recipient> page = new java.util.ArrayDeque<>();
    java.util.Map<Integer, RecipientSender.Admission> admitted = java.util.Map.of();
    try {
      Instant statusAt = Instant.MIN;
      while (true) {
        Instant now = Instant.now();
        if (now.isAfter(statusAt.plus(STATUS_EVERY))) {
          statusAt = now;
          Status status = store.status(batchId).orElseThrow();
          if (status != Status.RUNNING) {
            awaitAll(free, inFlight, batchId);
            return ended(batchId, status);
          }
          // the registry's template as it is now (paused, deleted since the sheet came in)
          template = templates.find(batch.templateName(), batch.templateLanguage()).orElse(null);
        }
        if (failure.get() != null || now.isAfter(until)) {
          break;
        }
        if (page.isEmpty()) {
          List<Recipient> recipients = store.queuedAfter(batchId, lastRow, Math.max(16, inFlight));
          if (recipients.isEmpty()) {
            awaitAll(free, inFlight, batchId);
            if (failure.get() == null && store.queued(batchId, 1).isEmpty()) {
              return Dispatch.DONE;
            }
            break;
          }
          // the page's customers and messaging-limit reservations, in one transaction each (not one per send); a page
          // left for a look at the status goes on where it stopped, without asking again
          try {
            admitted = sender.admit(batch, recipients);
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            break;
          }
          page.addAll(recipients);
        }
        while (!page.isEmpty()) {
          if (failure.get() != null) {
            break;
          }
          free.acquire();
          Recipient r = page.pollFirst();
          TemplateRecord current = template;
          RecipientSender.Admission admission = admitted.get(r.row());
          pool.execute(() -> {
            try {
              if (sender.send(batch, current, r, admission)) {
                done.incrementAndGet();
              } else {
                waiting.incrementAndGet();
              }
            } catch (RuntimeException e) {
              failure.compareAndSet(null, e);
            } finally {
              free.release();
            }
          });
          lastRow = r.row();
          if (Instant.now().isAfter(statusAt.plus(STATUS_EVERY))) {
            // look at the status (pause, cancel) before going on with this page
            break;
          }
        }
      }
      awaitAll(free, inFlight, batchId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while sending batch " + batchId, e);
    }
    if (failure.get() != null) {
      // a transient failure (WhatsApp down): the job fails and is retried; sent recipients are not sent again
      throw failure.get();
    }
    if (done.get() == 0 && waiting.get() > 0) {
      // only recipients waiting for their status are left: look again in a moment rather than at once
      try {
        Thread.sleep(WAITING_PAUSE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return Dispatch.MORE;
  }

  private Dispatch ended(long batchId, Status status) {
    return switch (status) {
      case PAUSED -> Dispatch.PAUSED;
      case CANCELLED -> {
        int cancelled = store.cancelQueued(batchId);
        log.info("Batch {} cancelled; {} recipients not sent", batchId, cancelled);
        yield Dispatch.CANCELLED;
      }
      default -> Dispatch.DONE;
    };
  }

  /** Waits until every send of this chunk has ended. */
  private static void awaitAll(Semaphore free, int inFlight, long batchId) throws InterruptedException {
    if (!free.tryAcquire(inFlight, 10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("Sends of batch " + batchId + " did not end in 10 minutes");
    }
    free.release(inFlight);
  }
}
