package io.atende.whatsapp;

import io.atende.platform.BackgroundThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Per-customer ordered lanes: each customer (phone number, or business-scoped user id when the number is
 * hidden) maps to one single-threaded lane, so whatever is done for one customer runs in the order it was
 * handed in, while different customers proceed in parallel. Inbound events run here, and so does every
 * later step that must keep its place in that customer's order (e.g. a queued answer delivered to the bot).
 */
@Component
public class CustomerLanes implements DisposableBean {

  private final ExecutorService[] lanes;

  CustomerLanes(WhatsAppProperties properties) {
    this.lanes = new ExecutorService[Math.max(1, properties.inboundLanes())];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = Executors.newSingleThreadExecutor(BackgroundThreads.factory("inbound-lane-" + i + "-"));
    }
  }

  /** Runs the task on the customer's lane, after everything already handed in for that customer. */
  public void execute(String waId, Runnable task) {
    lanes[waId == null ? 0 : Math.floorMod(waId.hashCode(), lanes.length)].execute(task);
  }

  @Override
  public void destroy() throws InterruptedException {
    for (ExecutorService lane : lanes) {
      lane.shutdown();
    }
    for (ExecutorService lane : lanes) {
      lane.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
