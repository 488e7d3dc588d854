package io.atende.journey.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The chunk's accepted sends whose outcomes are still to be recorded: a send that ends records everyone's waiting
 * then, unless {@link #RECORDERS} others are at it already, so they go in groups of the sends that ended meanwhile,
 * one transaction a group, a few groups at once (one recorder at a time fell behind the sends at 1,000/s on
 * PostgreSQL: a group's eight statements a send run one after another in one server process, and a chunk's end
 * waited 12–22 s for the backlog). A send that ends records only once {@value #MIN_GROUP} outcomes wait or the oldest
 * has waited {@link #MAX_WAIT}: recording each send's outcome as it ended made groups of one to three sends at 1,000/s
 * (the recorders were nearly always free), 2.4 commits a send on H2 and a transaction's and a statement's overhead for
 * each. Outcomes that do not make a group by then are recorded {@link #MAX_WAIT} after they came, on another thread
 * (at a slow number's rate the next send ends later than that). A group that cannot be recorded fails the chunk (the
 * sends stay pending with their send keys; the job's next try waits for their statuses instead of sending again).
 */
final class Outcomes {
  static final int GROUP = 200;
  static final int RECORDERS = 3;
  /** Outcomes that make a group worth a transaction of its own (a twentieth of a second's sends at 1,000/s). */
  static final int MIN_GROUP = 50;
  /** How long an outcome waits at most for others to share its group (sends at a slow number's rate). */
  static final Duration MAX_WAIT = Duration.ofMillis(100);
  private final RecipientSender sender;
  private final BatchStore.Batch batch;
  private final AtomicReference<RuntimeException> failure;
  private final ConcurrentLinkedQueue<RecipientSender.Sent> queue = new ConcurrentLinkedQueue<>();
  private final Semaphore recorders = new Semaphore(RECORDERS);
  private final AtomicInteger waiting = new AtomicInteger();
  private final LongSupplier nanoTime;
  /** Runs a look at what waits {@link #MAX_WAIT} from now. */
  private final Executor later;
  /** Since when outcomes wait (about: the oldest waiting may be older by up to a group's recording). */
  private volatile long waitingSince;

  /** {@code pool}: where outcomes that waited {@link #MAX_WAIT} are recorded. */
  Outcomes(RecipientSender sender, BatchStore.Batch batch, AtomicReference<RuntimeException> failure, Executor pool) {
    this(sender, batch, failure, System::nanoTime,
        CompletableFuture.delayedExecutor(MAX_WAIT.toNanos(), TimeUnit.NANOSECONDS, pool));
  }

  Outcomes(RecipientSender sender, BatchStore.Batch batch, AtomicReference<RuntimeException> failure, LongSupplier nanoTime,
      Executor later) {
    this.sender = sender;
    this.batch = batch;
    this.failure = failure;
    this.nanoTime = nanoTime;
    this.later = later;
  }

  void add(RecipientSender.Sent sent) {
    queue.add(sent);
    if (waiting.getAndIncrement() == 0) {
      startWaiting();
    }
  }

  /** Outcomes wait from now on: if no group is recorded meanwhile, they are recorded when they have waited long enough. */
  private void startWaiting() {
    waitingSince = nanoTime.getAsLong();
    later.execute(this::recordIfIdle);
  }

  /** Whether what waits makes a group: enough outcomes, or one that has waited long enough. */
  private boolean due() {
    int now = waiting.get();
    return now >= MIN_GROUP || (now > 0 && nanoTime.getAsLong() - waitingSince >= MAX_WAIT.toNanos());
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

  /** Records what waits, when it makes a group, unless enough threads are at it. */
  void recordIfIdle() {
    if (due() && recorders.tryAcquire()) {
      try {
        while (due() && recordGroup()) {
          // groups while they are worth it
        }
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
    if (waiting.addAndGet(-group.size()) > 0) {
      startWaiting();
    }
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
