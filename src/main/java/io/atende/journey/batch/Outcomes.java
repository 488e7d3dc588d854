package io.atende.journey.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The chunk's accepted sends whose outcomes are still to be recorded: a send that ends records everyone's waiting
 * then, unless {@link #RECORDERS} others are at it already, so they go in groups of the sends that ended meanwhile,
 * one transaction a group, a few groups at once (one recorder at a time fell behind the sends at 1,000/s on
 * PostgreSQL: a group's eight statements a send run one after another in one server process, and a chunk's end
 * waited 12–22 s for the backlog). A group that cannot be recorded fails the chunk (the sends stay pending with their
 * send keys; the job's next try waits for their statuses instead of sending again).
 */
final class Outcomes {
  static final int GROUP = 200;
  static final int RECORDERS = 3;
  private final RecipientSender sender;
  private final BatchStore.Batch batch;
  private final AtomicReference<RuntimeException> failure;
  private final ConcurrentLinkedQueue<RecipientSender.Sent> queue = new ConcurrentLinkedQueue<>();
  private final Semaphore recorders = new Semaphore(RECORDERS);
  private final AtomicInteger waiting = new AtomicInteger();

  Outcomes(RecipientSender sender, BatchStore.Batch batch, AtomicReference<RuntimeException> failure) {
    this.sender = sender;
    this.batch = batch;
    this.failure = failure;
  }

  void add(RecipientSender.Sent sent) {
    queue.add(sent);
    waiting.incrementAndGet();
  }

  /**
   * Whether the recording has fallen behind the sends (more than the recorders' groups wait). The dispatch then
   * records a group itself before it lets another send leave: sends accepted but not recorded are what a crash would
   * leave pending (waiting for Meta's statuses), so their number stays small, and the batch goes at the pace the
   * database can record rather than racing ahead of it.
   */
  boolean behind() {
    return waiting.get() > GROUP * RECORDERS;
  }

  /** Records one group on the calling thread, waiting for a recorder's turn. */
  void catchUp() throws InterruptedException {
    recorders.acquire();
    try {
      recordGroup();
    } finally {
      recorders.release();
    }
  }

  /** Records what waits unless enough threads are at it. */
  void recordIfIdle() {
    if (recorders.tryAcquire()) {
      try {
        drain();
      } finally {
        recorders.release();
      }
    }
  }

  /** Records everything that waits, once the recorders at it are done (at the chunk's end). */
  void record() throws InterruptedException {
    recorders.acquire(RECORDERS);
    try {
      drain();
    } finally {
      recorders.release(RECORDERS);
    }
  }

  private void drain() {
    while (!queue.isEmpty()) {
      if (!recordGroup()) {
        return;
      }
    }
  }

  /** Records up to a group of what waits; false when that failed (the chunk then fails). */
  private boolean recordGroup() {
    List<RecipientSender.Sent> group = new ArrayList<>();
    RecipientSender.Sent next;
    while (group.size() < GROUP && (next = queue.poll()) != null) {
      group.add(next);
    }
    waiting.addAndGet(-group.size());
    if (group.isEmpty()) {
      return true;
    }
    try {
      sender.recordSent(batch, group);
      return true;
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
      return false;
    }
  }
}
