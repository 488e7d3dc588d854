package io.atende.limits;

import io.atende.limits.Reservation.Outcome;
import io.atende.platform.IndexedLookups;
import io.atende.platform.JdbcBatches;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Meta's messaging limit (R5): the unique customers reached by business-initiated templates (sent while the
 * customer's window with that number is closed) in a rolling 24 hours, counted against the business portfolio's limit
 * and shared by all its numbers, across all nodes.
 *
 * <p>The count lives in the database (table {@code messaging_limit_reach}); every reservation locks the one row of
 * {@code messaging_limit_setting} ({@code select ... for update}) in a transaction of its own, so two nodes never both
 * take the last slot. A customer already counted in the rolling 24 hours is not counted again; a reply inside the
 * window is never counted.
 */
@Service
public class MessagingLimits {

  static final Duration ROLLING = Duration.ofHours(24);
  private static final int LOCK_ATTEMPTS = 5;
  private static final Logger log = LoggerFactory.getLogger(MessagingLimits.class);

  private final JdbcClient jdbc;
  private final JdbcTemplate batches;
  private final IndexedLookups lookups;
  private final ServiceWindows windows;
  private final MessagingLimitsProperties properties;
  private final TransactionTemplate ownTransaction;
  private final Clock clock;
  private final java.util.concurrent.atomic.AtomicLong lastPurge = new java.util.concurrent.atomic.AtomicLong();

  @Autowired
  MessagingLimits(JdbcClient jdbc, JdbcTemplate batches, ServiceWindows windows, MessagingLimitsProperties properties,
      PlatformTransactionManager transactions, IndexedLookups lookups) {
    this(jdbc, batches, windows, properties, transactions, Clock.systemUTC(), lookups);
  }

  /** @param lookups null: lookups as PostgreSQL plans them (tests of the limit's rules) */
  MessagingLimits(JdbcClient jdbc, JdbcTemplate batches, ServiceWindows windows, MessagingLimitsProperties properties,
      PlatformTransactionManager transactions, Clock clock, IndexedLookups lookups) {
    this.lookups = lookups;
    this.jdbc = jdbc;
    this.batches = batches;
    this.windows = windows;
    this.properties = properties;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.clock = clock;
    Reservation.refusedText(properties.texts().refused());
  }

  /** The tier and limit in force: the administrator's (database) once set, else the configuration's. */
  record Setting(Tier tier, long limit, boolean explicit, String updatedBy, Instant updatedAt) {}

  /**
   * Decides whether a template to this customer on this number may leave, and counts the customer when it is
   * business-initiated. Idempotent per customer in the rolling 24 hours (ALREADY_COUNTED).
   */
  public Reservation reserve(String phoneNumberId, long customerId) {
    return reserve(phoneNumberId, customerId, true);
  }

  /**
   * As {@link #reserve}, in the caller's transaction: the count commits or rolls back with the caller's work (a
   * process that registers the customer and reserves in one transaction), and the limit's row stays locked until
   * that transaction ends, so keep it short (no call to WhatsApp in it).
   */
  public Reservation reserveInCurrentTransaction(String phoneNumberId, long customerId) {
    return reserve(phoneNumberId, customerId, false);
  }

  private Reservation reserve(String phoneNumberId, long customerId, boolean ownTransaction) {
    Instant now = clock.instant();
    if (windows.of(customerId, phoneNumberId).open(now)) {
      return new Reservation(Outcome.WINDOW_OPEN, phoneNumberId, customerId, 0, setting().limit());
    }
    // the portfolio's numbers share one count; with scope NUMBER each number counts its own customers
    String number = properties.scope() == MessagingLimitsProperties.Scope.NUMBER ? phoneNumberId : null;
    Timestamp since = Timestamp.from(now.minus(ROLLING));
    if (ownTransaction && counted(customerId, since, number)) {
      // counted already (a repeat, a batch's second look): nothing changes, no lock needed. Its count stays in the
      // rolling 24 hours whatever another node does meanwhile (only release() undoes a count, of a send that never left)
      return new Reservation(Outcome.ALREADY_COUNTED, phoneNumberId, customerId, -1, setting().limit());
    }
    Supplier<Reservation> work = () -> {
      Setting setting = lockedSetting();
      if (purgeDue(now)) {
        // only housekeeping: every count below looks at the last 24 hours anyway
        jdbc.sql("delete from messaging_limit_reach where counted_at <= ?").param(since).update();
      }
      if (counted(customerId, since, number)) {
        return new Reservation(Outcome.ALREADY_COUNTED, phoneNumberId, customerId, -1, setting.limit());
      }
      // without a limit there is nothing to count against (counting reads every customer of the last 24 hours)
      long used = setting.limit() < 0 ? -1 : used(since, number);
      if (setting.limit() >= 0 && used >= setting.limit()) {
        log.info("Business-initiated template refused: messaging limit {} reached ({} unique customers in 24 h)",
            setting.limit(), used);
        return new Reservation(Outcome.REFUSED, phoneNumberId, customerId, used, setting.limit());
      }
      jdbc.sql("insert into messaging_limit_reach (customer_id, phone_number_id, counted_at) values (?, ?, ?)")
          .params(customerId, phoneNumberId, Timestamp.from(now)).update();
      return new Reservation(Outcome.COUNTED, phoneNumberId, customerId, used < 0 ? -1 : used + 1, setting.limit());
    };
    return ownTransaction ? inOwnTransaction(work) : work.get();
  }

  /**
   * {@link #reserve} for several customers on one number at once: one transaction and one turn of the limit's lock for
   * all of them (a page of a batch), in the order given; each customer's answer as {@link #reserve} would give it.
   */
  public java.util.Map<Long, Reservation> reserveAll(String phoneNumberId, List<Long> customerIds) {
    Instant now = clock.instant();
    java.util.Map<Long, Reservation> answers = new java.util.LinkedHashMap<>();
    List<Long> closed = new java.util.ArrayList<>();
    long limit = setting().limit();
    java.util.Map<Long, ServiceWindows.Window> windowsOf = inOwnTransaction(() -> {
      if (lookups != null) {
        lookups.forThisTransaction();
      }
      return windows.ofAll(customerIds, phoneNumberId);
    });
    for (long customerId : customerIds) {
      if (windowsOf.get(customerId).open(now)) {
        answers.put(customerId, new Reservation(Outcome.WINDOW_OPEN, phoneNumberId, customerId, 0, limit));
      } else {
        closed.add(customerId);
      }
    }
    if (closed.isEmpty()) {
      return answers;
    }
    String number = properties.scope() == MessagingLimitsProperties.Scope.NUMBER ? phoneNumberId : null;
    Timestamp since = Timestamp.from(now.minus(ROLLING));
    answers.putAll(inOwnTransaction(() -> {
      java.util.Map<Long, Reservation> counted = new java.util.LinkedHashMap<>();
      if (lookups != null) {
        lookups.forThisTransaction();
      }
      Setting setting = lockedSetting();
      if (purgeDue(now)) {
        jdbc.sql("delete from messaging_limit_reach where counted_at <= ?").param(since).update();
      }
      long used = setting.limit() < 0 ? -1 : used(since, number);
      java.util.Set<Long> countedBefore = countedAmong(closed, since, number);
      List<Long> reached = new java.util.ArrayList<>();
      for (long customerId : closed) {
        if (counted.containsKey(customerId)) {
          continue;
        }
        if (countedBefore.contains(customerId)) {
          counted.put(customerId, new Reservation(Outcome.ALREADY_COUNTED, phoneNumberId, customerId, -1, setting.limit()));
        } else if (setting.limit() >= 0 && used >= setting.limit()) {
          counted.put(customerId, new Reservation(Outcome.REFUSED, phoneNumberId, customerId, used, setting.limit()));
        } else {
          reached.add(customerId);
          used = used < 0 ? -1 : used + 1;
          counted.put(customerId, new Reservation(Outcome.COUNTED, phoneNumberId, customerId, used, setting.limit()));
        }
      }
      Timestamp at = Timestamp.from(now);
      JdbcBatches.update(batches, "insert into messaging_limit_reach (customer_id, phone_number_id, counted_at) values (?, ?, ?)",
          reached, c -> new Object[] {c, phoneNumberId, at});
      return counted;
    }));
    return answers;
  }

  /** Those of the customers already reached in the rolling window (on the number, when the limit is per number). */
  private java.util.Set<Long> countedAmong(List<Long> customerIds, Timestamp since, String number) {
    java.util.Set<Long> found = new java.util.HashSet<>();
    for (List<Long> chunk : JdbcBatches.chunks(customerIds.stream().distinct().toList())) {
      jdbc.sql("select distinct customer_id from messaging_limit_reach where customer_id in (:customers) and counted_at > :since"
              + (number == null ? "" : " and phone_number_id = :number"))
          .param("customers", chunk).param("since", since).params(number == null ? java.util.Map.of() : java.util.Map.of("number", number))
          .query(Long.class).list().forEach(found::add);
    }
    return found;
  }

  private boolean counted(long customerId, Timestamp since, String number) {
    return countedAmong(List.of(customerId), since, number).contains(customerId);
  }

  /** The expired counts are deleted at most once a second per node, not on every reservation. */
  private boolean purgeDue(Instant now) {
    long last = lastPurge.get();
    return now.toEpochMilli() - last >= 1000 && lastPurge.compareAndSet(last, now.toEpochMilli());
  }

  /** Undoes a COUNTED reservation whose send never left (anything else: nothing to undo). */
  public void release(Reservation reservation) {
    if (reservation == null || reservation.outcome() != Outcome.COUNTED) {
      return;
    }
    inOwnTransaction(() -> {
      lockedSetting();
      Timestamp since = Timestamp.from(clock.instant().minus(ROLLING));
      String number = properties.scope() == MessagingLimitsProperties.Scope.NUMBER ? reservation.phoneNumberId() : null;
      return jdbc.sql("delete from messaging_limit_reach where customer_id = ? and counted_at > ?"
              + (number == null ? "" : " and phone_number_id = ?"))
          .params(number == null ? List.of(reservation.customerId(), since) : List.of(reservation.customerId(), since, number))
          .update();
    });
  }

  /**
   * The current use, limit, tier and start of the rolling 24 hours, with the unique customers each number reached
   * (the number a customer was first counted on). With scope NUMBER, {@code used} is the busiest number's.
   */
  public Usage usage() {
    Instant since = clock.instant().minus(ROLLING);
    Setting setting = setting();
    List<Usage.NumberUsage> byNumber = jdbc.sql("select phone_number_id, count(*) from messaging_limit_reach "
            + "where counted_at > ? group by phone_number_id order by phone_number_id")
        .param(Timestamp.from(since))
        .query((rs, n) -> new Usage.NumberUsage(rs.getString(1), rs.getLong(2))).list();
    long used = properties.scope() == MessagingLimitsProperties.Scope.NUMBER
        ? byNumber.stream().mapToLong(Usage.NumberUsage::used).max().orElse(0)
        : used(Timestamp.from(since), null);
    return new Usage(used, setting.limit(), setting.tier(), setting.explicit(), since, properties.scope(), byNumber);
  }

  /**
   * An administrator sets the tier or an explicit limit (which wins over the tier) at runtime, for all nodes.
   *
   * @param limit null: the tier's
   */
  Usage change(Tier tier, Long limit, String by) {
    if (tier == null && limit == null) {
      throw new IllegalArgumentException("Give a tier or a limit");
    }
    if (limit != null && limit < 0) {
      throw new IllegalArgumentException("The limit must be 0 or more");
    }
    inOwnTransaction(() -> {
      lockedSetting();
      return jdbc.sql("update messaging_limit_setting set tier = ?, limit_value = ?, updated_by = ?, updated_at = ? where id = 1")
          .params(tier == null ? null : tier.name(), limit, by, Timestamp.from(clock.instant())).update();
    });
    log.info("Messaging limit changed by an administrator: tier {}, limit {}", tier, limit);
    return usage();
  }

  Setting setting() {
    return jdbc.sql("select tier, limit_value, updated_by, updated_at from messaging_limit_setting where id = 1")
        .query((rs, n) -> setting(rs.getString(1), (Long) rs.getObject(2, Long.class), rs.getString(3), rs.getTimestamp(4)))
        .single();
  }

  private Setting lockedSetting() {
    return jdbc.sql("select tier, limit_value, updated_by, updated_at from messaging_limit_setting where id = 1 for update")
        .query((rs, n) -> setting(rs.getString(1), (Long) rs.getObject(2, Long.class), rs.getString(3), rs.getTimestamp(4)))
        .single();
  }

  private Setting setting(String tierName, Long limitValue, String updatedBy, Timestamp updatedAt) {
    Instant at = updatedAt == null ? null : updatedAt.toInstant();
    if (tierName == null && limitValue == null) {
      Tier tier = properties.tier();
      return properties.limit() != null
          ? new Setting(tier, properties.limit(), true, null, null)
          : new Setting(tier, tier.limit(), false, null, null);
    }
    Tier tier = tierName == null ? properties.tier() : Tier.valueOf(tierName);
    return limitValue != null ? new Setting(tier, limitValue, true, updatedBy, at) : new Setting(tier, tier.limit(), false, updatedBy, at);
  }

  private long used(Timestamp since, String phoneNumberId) {
    return phoneNumberId == null
        ? jdbc.sql("select count(*) from messaging_limit_reach where counted_at > ?").param(since).query(Long.class).single()
        : jdbc.sql("select count(*) from messaging_limit_reach where counted_at > ? and phone_number_id = ?")
            .params(since, phoneNumberId).query(Long.class).single();
  }

  /** In a transaction of its own; tried again when the lock could not be had in time (many nodes sending at once). */
  private <T> T inOwnTransaction(Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return ownTransaction.execute(status -> work.get());
      } catch (PessimisticLockingFailureException e) {
        if (attempt >= LOCK_ATTEMPTS) {
          throw e;
        }
        log.debug("Messaging limit lock not had in time (attempt {}), trying again", attempt);
      }
    }
  }
}
