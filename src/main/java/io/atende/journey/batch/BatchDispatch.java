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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
 * more, paused, cancelled or done for the gateway. Recipients go a page at a time (as many as are in flight at once,
 * about a quarter of a second's sends at the number's rate), each page prepared and recorded together before its first
 * message leaves ({@link RecipientSender#prepare}), the next {@value #PAGES_AHEAD} pages prepared one after another on
 * another thread while this one leaves; the sends are fed continuously (a new one starts as soon as one ends), so the
 * number's slots are not missed between pages, and their outcomes are recorded in groups. Pages prepared ahead that do
 * not leave (a pause, a cancel, a failure) are discarded: their records deleted, their rows left queued. The batch's
 * status is read before each page, so a pause or a cancel stops it within about half a second. A node lost in the
 * middle loses nothing: the job runs again elsewhere and each recipient's send key makes a repeat a no-op.
 */
@Component("sendBatchChunk")
class BatchDispatch implements JavaDelegate {

  private static final Logger log = LoggerFactory.getLogger(BatchDispatch.class);
  /** How long a chunk with only recipients waiting for their send's status left pauses before the next looks again. */
  private static final Duration WAITING_PAUSE = Duration.ofSeconds(1);
  /**
   * Pages prepared ahead of the one leaving. One was not enough on PostgreSQL on a busy machine: a page took 40 to 390 ms
   * to prepare (160 on average) while a page leaves in 250 ms at 1,000/s, and each slow one left up to 213 of the 250
   * sends in flight idle. With two, a slow page is made up by the quicker ones around it. They are prepared one after
   * another, in sheet order (the messaging limit is reserved in that order).
   */
  static final int PAGES_AHEAD = 2;

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
    Instant started = Instant.now();
    Instant until = started.plus(properties.chunkTime());
    int inFlight = inFlight(batch.phoneNumberId());
    log.debug("Batch {}: chunk starts, {} in flight", batchId, inFlight);
    Semaphore free = new Semaphore(inFlight);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    // recipients done with, and those left queued while their send's outcome is unknown (waiting for Meta's status)
    AtomicInteger done = new AtomicInteger();
    AtomicInteger waiting = new AtomicInteger();
    Outcomes outcomes = new Outcomes(sender, batch, failure, pool);
    int lastRow = 0;
    // the pages prepared while the one before them leaves: preparing a page (a few statements for its 250 recipients)
    // took 40 to 390 ms on a busy machine, time in which the sends of the page before ended and no new one started
    ArrayDeque<CompletableFuture<RecipientSender.Page>> ahead = new ArrayDeque<>();
    try {
      while (true) {
        // a page at a time (a quarter of a second's sends at the number's rate): the batch's status (pause, cancel) is
        // read before each
        Status status = store.status(batchId).orElseThrow();
        if (status != Status.RUNNING) {
          awaitAll(free, inFlight, batchId);
          discard(ahead, done, waiting);
          outcomes.record();
          return ended(batchId, status);
        }
        // once the chunk's time is up, only a page already prepared still leaves
        if (failure.get() != null || (ahead.isEmpty() && Instant.now().isAfter(until))) {
          break;
        }
        RecipientSender.Page page;
        if (ahead.isEmpty()) {
          List<Recipient> recipients = store.queuedAfter(batchId, lastRow, inFlight);
          if (recipients.isEmpty()) {
            awaitAll(free, inFlight, batchId);
            outcomes.record();
            if (failure.get() == null && store.queued(batchId, 1).isEmpty()) {
              return Dispatch.DONE;
            }
            break;
          }
          lastRow = recipients.get(recipients.size() - 1).row();
          page = prepared(prepare(batch, recipients, free, null), failure);
        } else {
          page = prepared(ahead.poll(), failure);
        }
        if (page == null) {
          break;
        }
        done.addAndGet(page.done());
        waiting.addAndGet(page.waiting());
        while (ahead.size() < PAGES_AHEAD && !Instant.now().isAfter(until)) {
          List<Recipient> following = store.queuedAfter(batchId, lastRow, inFlight);
          if (following.isEmpty()) {
            break;
          }
          lastRow = following.get(following.size() - 1).row();
          ahead.add(prepare(batch, following, free, ahead.peekLast()));
        }
        List<RecipientSender.Ready> unsent = new ArrayList<>();
        for (RecipientSender.Ready ready : page.ready()) {
          if (outcomes.behind()) {
            outcomes.catchUp();
          }
          boolean acquired = failure.get() == null;
          if (acquired) {
            free.acquire();
          }
          if (failure.get() != null) {
            // a send of this chunk failed meanwhile: the rest of the page does not leave
            if (acquired) {
              free.release();
            }
            unsent.add(ready);
            continue;
          }
          pool.execute(() -> {
            try {
              if (sender.send(ready, outcomes::add)) {
                done.incrementAndGet();
              } else {
                waiting.incrementAndGet();
              }
            } catch (RuntimeException e) {
              failure.compareAndSet(null, e);
            } finally {
              free.release();
            }
            outcomes.recordIfIdle();
          });
        }
        sender.discard(unsent);
      }
      awaitAll(free, inFlight, batchId);
      discard(ahead, done, waiting);
      outcomes.record();
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
    log.debug("Batch {}: chunk ends after {} ms, {} done, {} waiting for their status", batchId,
        Duration.between(started, Instant.now()).toMillis(), done.get(), waiting.get());
    return Dispatch.MORE;
  }

  /**
   * Prepares a page on another thread ({@link RecipientSender#prepare}, with the registry's template as it is now:
   * paused or deleted since the sheet came in), once the page before it ({@code after}, if any) is prepared.
   */
  private CompletableFuture<RecipientSender.Page> prepare(BatchStore.Batch batch, List<Recipient> recipients, Semaphore free,
      CompletableFuture<RecipientSender.Page> after) {
    CompletableFuture<?> before = after == null ? CompletableFuture.completedFuture(null) : after.handle((page, failed) -> null);
    return before.thenApplyAsync(ignored -> {
      long preparing = System.nanoTime();
      TemplateRecord template = templates.find(batch.templateName(), batch.templateLanguage()).orElse(null);
      RecipientSender.Page page = sender.prepare(batch, template, recipients);
      log.debug("Batch {}: page of {} prepared in {} ms, {} sends free", batch.id(), recipients.size(),
          (System.nanoTime() - preparing) / 1_000_000, free.availablePermits());
      return page;
    }, pool);
  }

  /** The page once prepared; null when its preparation failed (the chunk's failure then says why). */
  private static RecipientSender.Page prepared(CompletableFuture<RecipientSender.Page> page, AtomicReference<RuntimeException> failure)
      throws InterruptedException {
    try {
      return page.get();
    } catch (ExecutionException e) {
      failure.compareAndSet(null, e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause()));
      return null;
    }
  }

  /**
   * Pages prepared ahead that will not leave in this chunk (paused, cancelled, failed): their sends' records are
   * deleted and their rows stay queued, as with the rest of a page a failure stopped.
   */
  private void discard(Deque<CompletableFuture<RecipientSender.Page>> ahead, AtomicInteger done, AtomicInteger waiting)
      throws InterruptedException {
    CompletableFuture<RecipientSender.Page> next;
    while ((next = ahead.poll()) != null) {
      RecipientSender.Page page = prepared(next, new AtomicReference<>());
      if (page != null) {
        done.addAndGet(page.done());
        waiting.addAndGet(page.waiting());
        sender.discard(page.ready());
      }
    }
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
