package io.atende.whatsapp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The send rate of each business number for the whole cluster, kept in the database all nodes share, taken by every
 * send (the route {@code whatsapp-send} calls it right before each HTTP call, retries included, and the HTTP client once
 * more right before it writes the request: {@link #onTheWire}).
 *
 * <p>A number's sends get <b>time slots</b>, one every {@code send-rate-window} ÷ {@code messages-per-second} (12.75 ms at
 * 80/s with the 1.02 s default window, 1.02 ms at 1,000/s), from a single sequence kept in the number's
 * {@code send_rate} row: a node leases the next few slots (as many as it has sends waiting) in one short transaction
 * under the row's lock, and each send leaves at its slot's time. No two sends anywhere get the same slot, so in any
 * second a number sends at most {@code messages-per-second} ÷ window messages, wherever they come from, with a margin
 * (the window over one second) for the delays between a slot and Meta.
 *
 * <p><b>Replies first.</b> Replies ({@link SendPriority#REPLY}) take the next free slot, however far ahead it is.
 * Batch sends ({@link SendPriority#BULK}) take slots only up to {@code HORIZON} (50 ms) ahead and at most
 * {@code atende.batches.rate-share} of the slots (their own pace, {@code bulk_next_slot}): when replies need the
 * number's capacity the sequence runs ahead of the horizon and batches wait, so a reply never waits behind more than
 * about 50 ms of batch sends.
 *
 * <p>One transaction per lease, not per send: with many sends waiting on a node, one lease serves them all. On
 * PostgreSQL the lease commits without waiting for its WAL flush ({@code synchronous_commit = off} for that transaction
 * only): a lease lost in a database crash only lets a few slots be leased again. Nodes' clocks are assumed
 * NTP-synchronised (milliseconds apart): slots are absolute times.
 */
@Component("sendRateLimiter")
public class SendRateLimiter implements Processor {

  static final String PRIORITY_HEADER = "AtendeSendPriority";
  /** The exchange property that carries a send's slot from the limiter's step to its HTTP request (not a header: never on the wire). */
  static final String SLOT_PROPERTY = "AtendeSendSlot";
  /** How far ahead batch sends may lease slots: the longest a reply waits behind them. */
  static final long HORIZON_MICROS = 50_000;
  /** A leased slot this far in the past is not handed out any more (the node leases a new one). */
  private static final long STALE_MICROS = 10_000;
  private static final int LEASE_ATTEMPTS = 5;
  /** A send that wakes up this late after its slot takes a new one instead of leaving. */
  private static final long LATE_MICROS = 10_000;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final ToIntFunction<String> messagesPerSecond;
  private final double bulkShare;
  private final LongSupplier clockMicros;
  private final long windowMicros;
  private final boolean postgres;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final Map<String, Boolean> knownRows = new ConcurrentHashMap<>();
  private final MeterRegistry meters;

  @Autowired
  SendRateLimiter(DataSource dataSource, PlatformTransactionManager transactionManager, WhatsAppProperties whatsapp,
      @Value("${atende.batches.rate-share:0.98}") double bulkShare, MeterRegistry meters) {
    this(JdbcClient.create(dataSource), ownTransactions(transactionManager),
        number -> whatsapp.number(number).map(WhatsAppProperties.BusinessNumber::messagesPerSecond).filter(m -> m > 0)
            .orElse(WhatsAppClient.DEFAULT_MESSAGES_PER_SECOND),
        bulkShare, SendRateLimiter::nowMicros, Math.max(1000, whatsapp.sendRateWindow().toMillis()) * 1000, isPostgres(dataSource), meters);
  }

  public SendRateLimiter(JdbcClient jdbc, TransactionTemplate transactions, ToIntFunction<String> messagesPerSecond, double bulkShare,
      LongSupplier clockMicros, long windowMicros, boolean postgres) {
    this(jdbc, transactions, messagesPerSecond, bulkShare, clockMicros, windowMicros, postgres, new SimpleMeterRegistry());
  }

  public SendRateLimiter(JdbcClient jdbc, TransactionTemplate transactions, ToIntFunction<String> messagesPerSecond, double bulkShare,
      LongSupplier clockMicros, long windowMicros, boolean postgres, MeterRegistry meters) {
    if (bulkShare <= 0 || bulkShare > 1) {
      throw new IllegalArgumentException("atende.batches.rate-share must be in (0, 1]");
    }
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.messagesPerSecond = messagesPerSecond;
    this.bulkShare = bulkShare;
    this.clockMicros = clockMicros;
    this.windowMicros = windowMicros;
    this.postgres = postgres;
    this.meters = meters;
  }

  /** A send's slot: the number, the priority it was taken at and its time (microseconds since the epoch). */
  record Slot(String phoneNumberId, SendPriority priority, long micros) {}

  /**
   * The route's step: waits for the send's slot (number and priority from the exchange's headers) and leaves it on the
   * exchange for {@link #onTheWire}, which checks it again once the request's connection is ready.
   */
  @Override
  public void process(Exchange exchange) {
    String number = exchange.getIn().getHeader(WhatsAppClient.PHONE_NUMBER_ID_HEADER, String.class);
    if (number == null) {
      return;
    }
    SendPriority priority = exchange.getIn().getHeader(PRIORITY_HEADER, SendPriority.class);
    SendPriority taken = priority == null ? SendPriority.REPLY : priority;
    exchange.setProperty(SLOT_PROPERTY, new Slot(number, taken, acquire(number, taken)));
  }

  /**
   * Blocks until this send's slot has come: then it may leave; returns the slot. A thread that wakes up more than
   * {@code LATE_MICROS} after its slot (a stalled machine, a long GC pause) gives the slot up and takes a new one, so
   * that sends held up together do not all leave at once, over the number's rate.
   */
  public long acquire(String phoneNumberId, SendPriority priority) {
    Lane lane = lane(phoneNumberId, priority);
    while (true) {
      long slot = takeSlot(lane, phoneNumberId, priority);
      waitUntil(slot);
      if (clockMicros.getAsLong() - slot <= LATE_MICROS) {
        return slot;
      }
      lane.late.increment();
    }
  }

  /**
   * Called right before a send's HTTP request is written to its connection ({@link SendSlotCheck}, after the
   * connection was leased or opened): a send that gets there more than {@code LATE_MICROS} after its slot (a new
   * connection's handshake, code not yet compiled, a thread that lost its core or a collector's pause between the
   * limiter's step and the request) gives the slot up, takes a new one and waits for it, as in {@link #acquire}, so
   * that sends held up after their slots do not reach Meta together, over the number's rate. The slot is used up here
   * (a retry takes a new one in the route's step). Requests without a slot (media calls, integrators' HTTP endpoints)
   * pass as they are.
   */
  void onTheWire(Exchange exchange) {
    Slot slot = exchange.getProperty(SLOT_PROPERTY, Slot.class);
    if (slot == null) {
      return;
    }
    exchange.removeProperty(SLOT_PROPERTY);
    if (clockMicros.getAsLong() - slot.micros() <= LATE_MICROS) {
      return;
    }
    lane(slot.phoneNumberId(), slot.priority()).late.increment();
    acquire(slot.phoneNumberId(), slot.priority());
  }

  private Lane lane(String phoneNumberId, SendPriority priority) {
    return lanes.computeIfAbsent(phoneNumberId + '/' + priority, k -> new Lane(meters, phoneNumberId, priority));
  }

  /** Microseconds between two slots of the number. */
  long spacingMicros(String phoneNumberId) {
    int perSecond = Math.max(1, messagesPerSecond.applyAsInt(phoneNumberId));
    return (windowMicros + perSecond - 1) / perSecond;
  }

  /** Slots a node leases once, at most: about 20 ms worth (one at 80/s, 20 at 1,000/s). */
  private int leaseCap(long spacing) {
    return (int) Math.max(1, Math.min(64, 20_000 / spacing));
  }

  /** The leased slots of one number and priority on this node, handed to the sends waiting here, with its meters. */
  private static final class Lane {
    final ReentrantLock lock = new ReentrantLock();
    final Condition leased = lock.newCondition();
    final ArrayDeque<Long> slots = new ArrayDeque<>();
    final Counter late;
    final Counter stale;
    final Timer leases;
    int waiting;
    boolean leasing;

    Lane(MeterRegistry meters, String phoneNumberId, SendPriority priority) {
      String tagPriority = priority.name().toLowerCase(Locale.ROOT);
      this.late = missed(meters, phoneNumberId, tagPriority, "late");
      this.stale = missed(meters, phoneNumberId, tagPriority, "stale");
      this.leases = Timer.builder("atende.send.slot.leases").description("Leases of the number's send slots from the database")
          .tag("number", phoneNumberId).tag("priority", tagPriority).register(meters);
    }

    private static Counter missed(MeterRegistry meters, String phoneNumberId, String priority, String reason) {
      return Counter.builder("atende.send.slots.missed")
          .description("Send slots of the number that passed unused: a send woke, or reached its connection, too late for"
              + " its slot (late), or a leased slot was too old when a send came for it (stale)")
          .tag("number", phoneNumberId).tag("priority", priority).tag("reason", reason).register(meters);
    }
  }

  private long takeSlot(Lane lane, String phoneNumberId, SendPriority priority) {
    long spacing = spacingMicros(phoneNumberId);
    lane.lock.lock();
    try {
      lane.waiting++;
      try {
        while (true) {
          long now = clockMicros.getAsLong();
          while (!lane.slots.isEmpty() && lane.slots.peekFirst() < now - STALE_MICROS) {
            lane.slots.pollFirst();
            lane.stale.increment();
          }
          if (!lane.slots.isEmpty()) {
            return lane.slots.pollFirst();
          }
          if (lane.leasing) {
            lane.leased.await(100, TimeUnit.MILLISECONDS);
            continue;
          }
          // this send leases for everyone waiting here, outside the lane's lock
          lane.leasing = true;
          int wanted = Math.min(lane.waiting, leaseCap(spacing));
          lane.lock.unlock();
          Lease lease;
          try {
            long leasing = System.nanoTime();
            lease = lease(phoneNumberId, priority, wanted, spacing);
            lane.leases.record(System.nanoTime() - leasing, TimeUnit.NANOSECONDS);
            if (lease.count() == 0) {
              sleepMicros(lease.retryInMicros());
            }
          } finally {
            lane.lock.lock();
            lane.leasing = false;
          }
          for (int i = 0; i < lease.count(); i++) {
            lane.slots.addLast(lease.first() + i * spacing);
          }
          lane.leased.signalAll();
        }
      } finally {
        lane.waiting--;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a send slot", e);
    } finally {
      lane.lock.unlock();
    }
  }

  /** {@code count} slots from {@code first} on, spaced evenly; or none, and when to ask again. */
  record Lease(long first, int count, long retryInMicros) {}

  Lease lease(String phoneNumberId, SendPriority priority, int wanted, long spacing) {
    ensureRow(phoneNumberId);
    for (int attempt = 1; ; attempt++) {
      try {
        return leaseOnce(phoneNumberId, priority, wanted, spacing);
      } catch (org.springframework.dao.TransientDataAccessException e) {
        // the row's lock not had in time (a stalled holder on a loaded machine): ask again, the send just waits longer
        if (attempt >= LEASE_ATTEMPTS) {
          throw e;
        }
        sleepMicros(attempt * 20_000L);
      }
    }
  }

  private Lease leaseOnce(String phoneNumberId, SendPriority priority, int wanted, long spacing) {
    return transactions.execute(tx -> {
      if (postgres) {
        jdbc.sql("set local synchronous_commit to off").update();
      }
      long[] row = jdbc.sql("select next_slot, bulk_next_slot from send_rate where phone_number_id = ? for update")
          .param(phoneNumberId).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
      long now = clockMicros.getAsLong();
      long first = Math.max(row[0], now);
      long bulkNext = row[1];
      int count = wanted;
      if (priority == SendPriority.BULK) {
        first = Math.max(first, bulkNext);
        long latest = now + HORIZON_MICROS;
        if (first > latest) {
          return new Lease(0, 0, first - latest);
        }
        long fit = (latest - first) / spacing + 1;
        // at the horizon a lease would fit only the slots time freed since the last one (often one): a lease per send,
        // each a transaction. Wait until half of what the sends waiting here want fits
        int enough = Math.max(1, wanted / 2);
        if (fit < enough) {
          return new Lease(0, 0, (enough - fit) * spacing);
        }
        count = (int) Math.max(1, Math.min(wanted, fit));
        bulkNext = first + (long) Math.ceil(count * spacing / bulkShare);
      }
      jdbc.sql("update send_rate set next_slot = ?, bulk_next_slot = ? where phone_number_id = ?")
          .params(first + count * spacing, bulkNext, phoneNumberId).update();
      return new Lease(first, count, 0);
    });
  }

  private void ensureRow(String phoneNumberId) {
    if (knownRows.containsKey(phoneNumberId)) {
      return;
    }
    // in a transaction of its own, committed before the lease's: a send runs inside its job's transaction, which must
    // not hold the row back (the lease's own transaction would not see it)
    try {
      transactions.executeWithoutResult(tx -> {
        if (jdbc.sql("select count(*) from send_rate where phone_number_id = ?").param(phoneNumberId).query(Integer.class).single() == 0) {
          jdbc.sql("insert into send_rate (phone_number_id, next_slot, bulk_next_slot) values (?, 0, 0)").param(phoneNumberId).update();
        }
      });
    } catch (DuplicateKeyException e) {
      // another node made it first
    }
    knownRows.put(phoneNumberId, Boolean.TRUE);
  }

  private void waitUntil(long slotMicros) {
    while (true) {
      long wait = slotMicros - clockMicros.getAsLong();
      if (wait <= 0) {
        return;
      }
      sleepMicros(wait);
    }
  }

  private static void sleepMicros(long micros) {
    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(Math.max(1, micros)));
    if (Thread.interrupted()) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a send slot");
    }
  }

  static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }

  private static TransactionTemplate ownTransactions(PlatformTransactionManager transactionManager) {
    TransactionTemplate template = new TransactionTemplate(transactionManager);
    template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    return template;
  }

  private static boolean isPostgres(DataSource dataSource) {
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try {
      return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
    } catch (SQLException e) {
      return false;
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }
}
