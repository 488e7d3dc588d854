package io.atende.whatsapp;

import io.atende.whatsapp.InboundEventStore.Arrival;
import io.atende.whatsapp.InboundEventStore.StoredEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

/**
 * Group commit for the webhook: concurrent requests queue their parsed notification, and a request that takes one of
 * the writer slots stores whatever is queued (at most {@code atende.whatsapp.webhook-group-size}) in one transaction, so one
 * commit (one write of H2's file, one WAL flush of PostgreSQL) covers many notifications. A writer never waits for
 * a group to fill: it takes what is there, so an idle service stores a lone notification at once and a busy one in
 * bigger groups. Each request is answered after the commit of the group holding its notification. A group whose
 * transaction fails is stored again one notification at a time, each in a transaction of its own, so a notification
 * that fails fails alone: a database error gives that request a 5xx (Meta resends it), a shape no event can be cut
 * from is parked by the controller, the others are stored.
 *
 * <p>The writers are the webhook's own request threads (no thread of its own, so no hand-over and the webhook's
 * priority): a request queues its notification and, if one of {@code atende.whatsapp.webhook-writers} (2) slots is
 * free, writes groups until the queue is empty; otherwise it waits for its group's commit, and takes a slot when one
 * frees while its notification still waits. Two writers work side by side: while one inserts and commits its group,
 * the next takes the notifications that arrived meanwhile. A writer takes its group and locks the group's customers ({@link InboundEventStore#lockCustomers})
 * while no other writer does, so groups lock in the order they were taken: a customer's notification in a later
 * group waits for the earlier group's commit, and a customer's events get increasing ids in arrival order. The events
 * are handed to the lanes right after the commit.
 */
@Component
class WebhookGroupCommit implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(WebhookGroupCommit.class);

  private final InboundEventStore store;
  private final InboundDispatcher dispatcher;
  private final int groupSize;
  private final Duration commitWait;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final PlatformTransactionManager transactions;
  private final io.atende.platform.DurableAcknowledgements durable;
  /** Held while a writer takes a group and locks its customers: groups lock in the order they were taken. */
  private final ReentrantLock takeInOrder = new ReentrantLock(true);
  /** How many requests may write groups at once (the others wait for their group's commit). */
  private final Semaphore writerSlots;
  private final AtomicLong commits = new AtomicLong();
  private volatile boolean stopping;
  private final java.util.concurrent.atomic.AtomicInteger writing = new java.util.concurrent.atomic.AtomicInteger();

  /** How long a waiting request sleeps before it looks for a free writer slot again. */
  private static final long FOLLOWER_WAIT_MILLIS = 5;

  private record Pending(Arrival arrival, CompletableFuture<List<StoredEvent>> stored) {}

  WebhookGroupCommit(InboundEventStore store, InboundDispatcher dispatcher, PlatformTransactionManager transactions,
      io.atende.platform.DurableAcknowledgements durable,
      @Value("${atende.whatsapp.webhook-group-size:50}") int groupSize,
      @Value("${atende.whatsapp.webhook-writers:2}") int writerCount,
      @Value("${atende.whatsapp.webhook-commit-wait:20s}") Duration commitWait) {
    this.store = store;
    this.dispatcher = dispatcher;
    this.transactions = transactions;
    this.durable = durable;
    this.groupSize = Math.max(1, groupSize);
    this.commitWait = commitWait;
    // on H2 one writer: its MERGE of a new customer's lock row fails instead of waiting for another writer's insert
    this.writerSlots = new Semaphore(durable.embeddedH2() ? 1 : Math.max(1, writerCount));
  }

  /**
   * Stores the notification in the next group and returns its new events once that group committed; they are
   * already handed to the lanes. Throws what storing it alone threw ({@link DataAccessException}: the database's
   * fault; another runtime exception: the notification's).
   */
  List<StoredEvent> store(byte[] raw, WebhookPayload.Notification notification) {
    Pending pending = new Pending(new Arrival(raw, notification), new CompletableFuture<>());
    if (stopping) {
      throw new TransientDataAccessResourceException("The service is stopping; the notification was not stored");
    }
    queue.add(pending);
    if (stopping) {
      failQueued();
    }
    long deadline = System.nanoTime() + commitWait.toNanos();
    try {
      while (!pending.stored().isDone()) {
        if (writerSlots.tryAcquire()) {
          try {
            writeUntilStored(pending);
          } finally {
            writerSlots.release();
          }
        } else {
          // a writer takes this notification with what is queued; if all writers finish first, take a slot
          try {
            pending.stored().get(FOLLOWER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
          } catch (TimeoutException stillWaiting) {
            // check for a free slot again
          }
        }
        if (!pending.stored().isDone() && System.nanoTime() > deadline) {
          throw new TimeoutException();
        }
      }
      return pending.stored().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      // it may still be stored: Meta's redelivery is then recognised as a repeat
      throw new QueryTimeoutException("The notification's group did not commit within " + commitWait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientDataAccessResourceException("Interrupted while the notification was stored");
    }
  }

  /** Commits so far (groups, and notifications stored alone after their group failed): for tests and figures. */
  long commits() {
    return commits.get();
  }

  /** Notifications waiting for the next group. */
  int queued() {
    return queue.size();
  }

  /** Notifications of the groups being stored now; 0 when the writers are idle. */
  int writing() {
    return writing.get();
  }

  /**
   * Run by a request that holds a writer slot: stores groups (each with what is queued, so also the notifications of
   * requests waiting meanwhile) until its own notification is stored. Requests still waiting then take the slot.
   */
  private void writeUntilStored(Pending own) throws InterruptedException {
    List<Pending> group = new ArrayList<>(groupSize);
    while (!own.stored().isDone() && !queue.isEmpty()) {
      try {
        writeNextGroup(group);
      } catch (InterruptedException e) {
        group.forEach(p -> p.stored().completeExceptionally(
            new TransientDataAccessResourceException("Interrupted while the notification was stored")));
        throw e;
      } catch (Throwable e) {
        log.error("Webhook writer: a group of {} notifications failed unexpectedly", group.size(), e);
        group.forEach(p -> p.stored().completeExceptionally(e));
      } finally {
        writing.addAndGet(-group.size());
        group.clear();
      }
    }
  }

  /**
   * Takes the waiting notifications and locks their customers in one transaction while no other writer takes a group
   * (so a customer's notifications are locked, and get their ids, in arrival order), then inserts and commits them
   * while the next writer takes the next group.
   */
  private void writeNextGroup(List<Pending> group) throws InterruptedException {
    TransactionStatus transaction;
    InboundEventStore.LockedGroup locked;
    takeInOrder.lockInterruptibly();
    try {
      Pending first = queue.poll();
      if (first == null) {
        return;
      }
      group.add(first);
      queue.drainTo(group, groupSize - 1);
      writing.addAndGet(group.size());
      transaction = transactions.getTransaction(TransactionDefinition.withDefaults());
      try {
        locked = store.lockCustomers(group.stream().map(Pending::arrival).toList());
      } catch (RuntimeException e) {
        transactions.rollback(transaction);
        failed(group, e);
        return;
      }
    } finally {
      takeInOrder.unlock();
    }
    List<List<StoredEvent>> stored;
    try {
      stored = store.insert(locked);
    } catch (RuntimeException e) {
      transactions.rollback(transaction);
      failed(group, e);
      return;
    }
    try {
      transactions.commit(transaction);
    } catch (RuntimeException e) {
      failed(group, e);
      return;
    }
    commits.incrementAndGet();
    try {
      durable.flush();
    } catch (RuntimeException e) {
      group.forEach(p -> p.stored().completeExceptionally(e));
      return;
    }
    dispatchThenAnswer(group, stored);
  }

  private void failed(List<Pending> group, RuntimeException e) {
    if (group.size() == 1) {
      group.get(0).stored().completeExceptionally(e);
      return;
    }
    log.debug("A group of {} notifications failed ({}); storing them one at a time", group.size(), e.toString());
    writeOneByOne(group);
  }

  private void writeOneByOne(List<Pending> group) {
    for (Pending pending : group) {
      try {
        List<StoredEvent> events = store.store(pending.arrival().raw(), pending.arrival().notification());
        commits.incrementAndGet();
        durable.flush();
        dispatchThenAnswer(List.of(pending), List.of(events));
      } catch (RuntimeException e) {
        pending.stored().completeExceptionally(e);
      }
    }
  }

  private void dispatchThenAnswer(List<Pending> group, List<List<StoredEvent>> stored) {
    try {
      dispatcher.dispatch(stored.stream().flatMap(List::stream).toList());
    } catch (RuntimeException e) {
      // stored all the same: the sweeper hands them to the lanes
      log.warn("Stored inbound events not handed to the lanes ({}); the sweeper will", e.toString());
    }
    for (int i = 0; i < group.size(); i++) {
      group.get(i).stored().complete(stored.get(i));
    }
  }

  private void failQueued() {
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(p -> p.stored().completeExceptionally(
        new TransientDataAccessResourceException("The service is stopping; the notification was not stored")));
  }

  @Override
  public void destroy() {
    stopping = true;
    failQueued();
  }
}
