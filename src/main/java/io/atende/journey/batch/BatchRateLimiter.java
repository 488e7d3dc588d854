package io.atende.journey.batch;

import io.atende.whatsapp.WhatsAppProperties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cluster's send rate per business number, kept in the database every node shares: a permit is granted only when
 * fewer than the batch's share of the number's {@code messages-per-second} were granted in the last
 * {@code atende.whatsapp.send-rate-window} (1.1 s: a sliding window a little over a second, so that the delays between
 * a permit and Meta never put one message too many into one of Meta's seconds), under a row lock on the number's {@code send_rate} row, so nodes take turns and
 * together never exceed it. Each permit is taken right before its send. The share ({@code atende.batches.rate-share},
 * 95 % by default) leaves the rest of the number's capacity to the desk's and the bot's replies, which do not wait here.
 * Nodes' clocks are assumed NTP-synchronised (milliseconds apart).
 */
@Component
class BatchRateLimiter {

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final ToIntFunction<String> permitsPerSecond;
  /** A slot this close ahead is taken at once: the thread would not wake up any sooner. */
  private static final long TOLERANCE_MICROS = 1000;

  private final LongSupplier clock;
  private final long windowMillis;
  private final java.util.Set<String> known = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @Autowired
  BatchRateLimiter(JdbcClient jdbc, TransactionTemplate transactions, WhatsAppProperties whatsapp, BatchProperties properties) {
    this(jdbc, transactions, number -> share(whatsapp.number(number).map(WhatsAppProperties.BusinessNumber::messagesPerSecond)
        .orElse(80), properties.rateShare()), System::currentTimeMillis, Math.max(1000, whatsapp.sendRateWindow().toMillis()));
  }

  BatchRateLimiter(JdbcClient jdbc, TransactionTemplate transactions, ToIntFunction<String> permitsPerSecond, LongSupplier clock,
      long windowMillis) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.permitsPerSecond = permitsPerSecond;
    this.clock = clock;
    this.windowMillis = windowMillis;
  }

  /** The batch's share of a number's limit, in whole messages per second (at least one). */
  static int share(int messagesPerSecond, double rateShare) {
    return Math.max(1, (int) Math.floor(messagesPerSecond * rateShare + 1e-9));
  }

  /** Permits per second batch sends may take on the number. */
  int permitsPerSecond(String phoneNumberId) {
    return permitsPerSecond.applyAsInt(phoneNumberId);
  }

  /** Blocks until a permit to send one message from the number is granted. */
  void acquire(String phoneNumberId) {
    int perWindow = permitsPerSecond(phoneNumberId);
    while (true) {
      long waitMicros = tryAcquire(phoneNumberId, perWindow);
      if (waitMicros <= 0) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(waitMicros));
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for a send permit");
      }
    }
  }

  /**
   * One try: 0 when granted, else how many microseconds until the number's next slot. Permits are paced: each gets a
   * slot (microseconds, kept in {@code send_permit.granted_at}) one window / share after the previous one, so a
   * number's batch sends are spread evenly over the window instead of leaving in bursts (a stall between a permit and
   * its send then bunches only the few sends in flight); a slot missed because nobody asked is not made up for (a permit
   * taken late keeps at most one slot back). On top, never more than the share in any window.
   */
  long tryAcquire(String phoneNumberId, int perWindow) {
    ensureRow(phoneNumberId);
    long windowMicros = windowMillis * 1000;
    long spacing = windowMicros / perWindow + (windowMicros % perWindow == 0 ? 0 : 1);
    Long wait = transactions.execute(tx -> {
      jdbc.sql("select phone_number_id from send_rate where phone_number_id = ? for update").param(phoneNumberId).query(String.class).single();
      long now = clock.getAsLong() * 1000;
      long last = jdbc.sql("select coalesce(max(granted_at), 0) from send_permit where phone_number_id = ?")
          .param(phoneNumberId).query(Long.class).single();
      // a permit taken a little late keeps its slot (up to one slot back): the threads' wake-up and the lock's wait do
      // not slow the pace down
      long slot = Math.max(last + spacing, now - spacing);
      if (slot > now + TOLERANCE_MICROS) {
        return slot - now;
      }
      int used = jdbc.sql("select coalesce(sum(permits), 0) from send_permit where phone_number_id = ? and granted_at > ?")
          .params(phoneNumberId, slot - windowMicros).query(Integer.class).single();
      if (used >= perWindow) {
        // the oldest permit in the window leaves it first
        long oldest = jdbc.sql("select min(granted_at) from send_permit where phone_number_id = ? and granted_at > ?")
            .params(phoneNumberId, slot - windowMicros).query(Long.class).single();
        return Math.max(1, oldest + windowMicros - now + 1);
      }
      jdbc.sql("insert into send_permit (phone_number_id, granted_at, permits) values (?, ?, 1)").params(phoneNumberId, slot).update();
      if ((slot / spacing) % 64 == 0) {
        jdbc.sql("delete from send_permit where phone_number_id = ? and granted_at <= ?").params(phoneNumberId, now - 10 * windowMicros)
            .update();
      }
      return 0L;
    });
    return wait == null ? 0 : wait;
  }

  private void ensureRow(String phoneNumberId) {
    if (known.contains(phoneNumberId)) {
      return;
    }
    ensureRowInDatabase(phoneNumberId);
    known.add(phoneNumberId);
  }

  private void ensureRowInDatabase(String phoneNumberId) {
    if (jdbc.sql("select count(*) from send_rate where phone_number_id = ?").param(phoneNumberId).query(Integer.class).single() > 0) {
      return;
    }
    try {
      jdbc.sql("insert into send_rate (phone_number_id) values (?)").param(phoneNumberId).update();
    } catch (DuplicateKeyException e) {
      // another node made it first
    }
  }
}
