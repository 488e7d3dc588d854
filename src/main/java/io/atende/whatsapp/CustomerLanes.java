package io.atende.whatsapp;

import io.atende.platform.BackgroundThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Per-customer ordered lanes: each customer (phone number, or business-scoped user id when the number is
 * hidden) maps to one single-threaded lane, so whatever is done for one customer runs in the order it was
 * handed in, while different customers proceed in parallel. Inbound events run here, and so does every
 * later step that must keep its place in that customer's order (e.g. a queued answer delivered to the bot).
 *
 * <p>Inbound events handed in one after another (with no other task between them) are taken together, up to
 * {@code atende.whatsapp.inbound-batch}, and given to their handler as one batch, in the order they came: several
 * customers' events can then share one transaction (one commit, one flush). A lane takes only what is already
 * waiting, so a batch is one event when the service is not busy and grows only with a backlog.
 */
@Component
public class CustomerLanes implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(CustomerLanes.class);

  /** An inbound event waiting on a lane, with what runs a batch of them. */
  private record Batchable(long id, Consumer<List<Long>> handler) {}

  private final Lane[] lanes;
  private final int maxBatch;

  CustomerLanes(WhatsAppProperties properties, @Value("${atende.whatsapp.inbound-batch:16}") int maxBatch,
      @Value("${atende.whatsapp.inbound-lane-priority:1}") int priority) {
    this.maxBatch = Math.max(1, maxBatch);
    this.lanes = new Lane[Math.max(1, properties.inboundLanes())];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new Lane();
      lanes[i].thread = BackgroundThreads.factory("inbound-lane-" + i + "-").newThread(lanes[i]::loop);
      // 1 (the lowest, nice 19 with the JVM options of README "Performance") by default, as the job executor's; a
      // value up to 4 serves a burst's backlog from its first second at a cost to the webhook's latency
      lanes[i].thread.setPriority(Math.max(Thread.MIN_PRIORITY, Math.min(Thread.NORM_PRIORITY - 1, priority)));
      lanes[i].thread.start();
    }
  }

  /** Runs the task on the customer's lane, after everything already handed in for that customer. */
  public void execute(String waId, Runnable task) {
    lane(waId).queue.add(task);
  }

  /**
   * Hands an inbound event to the customer's lane; the handler gets it in a batch with the events handed in just before
   * or after it on that lane (other customers' too), in the order they came.
   */
  void executeBatched(String waId, long eventId, Consumer<List<Long>> handler) {
    lane(waId).queue.add(new Batchable(eventId, handler));
  }

  private Lane lane(String waId) {
    return lanes[waId == null ? 0 : Math.floorMod(waId.hashCode(), lanes.length)];
  }

  private final class Lane {
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile boolean running = true;
    private Thread thread;

    void loop() {
      while (running || !queue.isEmpty()) {
        Object task;
        try {
          task = queue.poll(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        try {
          if (task instanceof Runnable runnable) {
            runnable.run();
          } else if (task instanceof Batchable first) {
            List<Long> batch = new ArrayList<>();
            batch.add(first.id());
            // only this thread takes from the queue: what it peeks at is still there to poll
            while (batch.size() < maxBatch && queue.peek() instanceof Batchable next && next.handler() == first.handler()) {
              queue.poll();
              batch.add(next.id());
            }
            first.handler().accept(batch);
          }
        } catch (RuntimeException e) {
          log.error("A task on an inbound lane failed", e);
        }
      }
    }
  }

  @Override
  public void destroy() throws InterruptedException {
    for (Lane lane : lanes) {
      lane.running = false;
    }
    // the lanes finish what they were handed (bounded by the same 10 s as before, then the sweeper takes the rest)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (Lane lane : lanes) {
      lane.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
  }
}
