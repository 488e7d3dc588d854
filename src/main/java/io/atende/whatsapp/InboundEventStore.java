package io.atende.whatsapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.atende.platform.Columns;
import io.atende.whatsapp.InboundEvent.Kind;
import io.atende.whatsapp.WebhookPayload.Change;
import io.atende.whatsapp.WebhookPayload.Contact;
import io.atende.whatsapp.WebhookPayload.ChangeValue;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The durable log of inbound notifications and the events cut out of them. */
@Repository
class InboundEventStore {

  /** Column sizes of inbound_event (V1). */
  private static final int MAX_CUSTOMER_KEY = 160;
  private static final int MAX_DEDUPE_KEY = 300;

  private final JdbcClient jdbc;
  private final javax.sql.DataSource dataSource;
  private volatile String lockCustomerSql;
  private volatile Boolean postgres;
  /** Live dispatch handles a fresh event; the sweeper only steps in after this grace period. */
  private final Duration sweepGrace;

  InboundEventStore(JdbcClient jdbc, javax.sql.DataSource dataSource,
      @Value("${atende.whatsapp.inbound-sweep-grace:10s}") Duration sweepGrace) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.sweepGrace = sweepGrace;
  }

  record StoredEvent(long id, String customerKey) {}

  record PendingEvent(long id, Kind kind, String customerKey, String payload, int attempts) {}

  /** A signed, parsed notification handed to the store, with its raw bytes. */
  record Arrival(byte[] raw, WebhookPayload.Notification notification) {}

  /**
   * Stores the raw notification and its new events in one transaction; repeated ones are skipped. An event that can
   * never be processed as it is (a message or status without its id, a sender id longer than any WhatsApp id) is
   * stored parked as {@code FAILED} with the reason, not dispatched.
   */
  @Transactional
  List<StoredEvent> store(byte[] raw, WebhookPayload.Notification notification) {
    return storeAll(List.of(new Arrival(raw, notification))).get(0);
  }

  /**
   * Stores several notifications in one transaction (the webhook's group commit), in the order given: for each, the
   * events stored, in order. Before any insert it locks the row of every customer the group has events of, in sorted
   * order (no two groups wait for each other's locks): on several nodes a customer's events are then stored one
   * transaction after the other, so their ids follow the commit order, and a later event of a customer is not
   * committed (nor processed) while an earlier one is still uncommitted on another node. Repeats are skipped within
   * the group too (the same id twice in one notification or in two of the group).
   */
  @Transactional
  List<List<StoredEvent>> storeAll(List<Arrival> arrivals) {
    return insert(lockCustomers(arrivals));
  }

  /** A group whose customers are locked in the current transaction, to be inserted in it. */
  record LockedGroup(List<Arrival> arrivals, List<List<InboundEvent>> eventsOf, Instant now) {}

  /**
   * First half of {@link #storeAll}, in the caller's transaction: cuts the events and locks their customers, so that
   * the webhook's writers can take groups and lock them in arrival order and insert them side by side.
   */
  LockedGroup lockCustomers(List<Arrival> arrivals) {
    Instant now = Instant.now();
    if (postgres()) {
      // a customer's lock held by a stuck transaction elsewhere fails this group (stored again one by one) after a
      // while, instead of holding up every webhook of this node (H2 has its own LOCK_TIMEOUT)
      jdbc.sql("set local lock_timeout = '10s'").update();
    }
    List<List<InboundEvent>> eventsOf = arrivals.stream().map(arrival -> split(arrival.notification())).toList();
    lockEach(eventsOf.stream().flatMap(List::stream).filter(event -> problemOf(event) == null)
        .map(InboundEvent::customerKey).filter(java.util.Objects::nonNull), now);
    return new LockedGroup(arrivals, eventsOf, now);
  }

  /** Second half of {@link #storeAll}, in the transaction that locked the group. */
  List<List<StoredEvent>> insert(LockedGroup group) {
    List<List<StoredEvent>> stored = new ArrayList<>(group.arrivals().size());
    for (int n = 0; n < group.arrivals().size(); n++) {
      stored.add(storeEvents(group.arrivals().get(n).raw(), group.eventsOf().get(n), group.now()));
    }
    return stored;
  }

  private List<StoredEvent> storeEvents(byte[] raw, List<InboundEvent> events, Instant now) {
    long notificationId = insertNotification(raw, now);
    List<StoredEvent> stored = new ArrayList<>();
    Set<String> seenInThisBatch = new HashSet<>();
    for (int i = 0; i < events.size(); i++) {
      InboundEvent event = events.get(i);
      String problem = problemOf(event);
      String key = problem == null || hasId(event) ? fit(event.dedupeKey(notificationId, i)) : "parked:" + notificationId + ":" + i;
      if (seenInThisBatch.add(key)) {
        if (problem == null) {
          insertIfNew(notificationId, event, key, now).ifPresent(id -> stored.add(new StoredEvent(id, event.customerKey())));
        } else {
          insertParked(notificationId, event.kind(), key, event.metadata() == null ? null : event.metadata().phoneNumberId(),
              toJson(event), problem, now);
        }
      }
    }
    return stored;
  }

  /**
   * Locks each customer's row (made on the customer's first event) until the transaction ends, in sorted order. A
   * store on another node holding one of them makes this one wait until it committed or rolled back.
   */
  private void lockEach(java.util.stream.Stream<String> customerKeys, Instant now) {
    for (String key : new java.util.TreeSet<>(customerKeys.toList())) {
      jdbc.sql(lockCustomerSql()).params(key, Timestamp.from(now)).update();
    }
  }

  /**
   * Insert or update, which locks the row either way: PostgreSQL's upsert waits for a concurrent insert of the same
   * key instead of failing on it; H2 (one node, whose webhook stores from one writer) has the standard MERGE.
   */
  private String lockCustomerSql() {
    if (lockCustomerSql == null) {
      lockCustomerSql = postgres() ? """
          insert into inbound_customer (customer_key, stored_at) values (?, ?)
          on conflict (customer_key) do update set stored_at = excluded.stored_at"""
          : """
          merge into inbound_customer c using (values (cast(? as varchar(160)), cast(? as timestamp with time zone))) s (k, t)
          on c.customer_key = s.k
          when matched then update set stored_at = s.t
          when not matched then insert (customer_key, stored_at) values (s.k, s.t)""";
    }
    return lockCustomerSql;
  }

  private boolean postgres() {
    Boolean known = postgres;
    if (known != null) {
      return known;
    }
    try (java.sql.Connection connection = dataSource.getConnection()) {
      postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
      return postgres;
    } catch (java.sql.SQLException e) {
      throw new org.springframework.dao.DataAccessResourceFailureException("Cannot tell the database", e);
    }
  }

  /**
   * Keeps a signed notification that cannot be read as one (not JSON, not a WhatsApp Business Account notification,
   * a shape no event can be cut from): the raw body and one event parked as {@code FAILED} with the reason, for an
   * administrator (GET /api/inbound-events). Meta does not send an answered notification again, so it is kept.
   */
  @Transactional
  void park(byte[] raw, String reason) {
    Instant now = Instant.now();
    long notificationId = insertNotification(raw, now);
    insertParked(notificationId, Kind.OTHER, "parked:" + notificationId, null, "{}", reason, now);
  }

  private static boolean hasId(InboundEvent event) {
    return switch (event.kind()) {
      case MESSAGE -> event.message().id() != null && !event.message().id().isBlank();
      case STATUS -> event.status().id() != null && !event.status().id().isBlank();
      default -> true;
    };
  }

  /** Why the event can never be processed as it is; null when it can (a sender naming no one is the processor's to say). */
  private static String problemOf(InboundEvent event) {
    if (event.kind() == Kind.MESSAGE && (event.message().id() == null || event.message().id().isBlank())) {
      return "A message without its id (messages[].id)";
    }
    if (event.kind() == Kind.STATUS && (event.status().id() == null || event.status().id().isBlank())) {
      return "A status without the message id (statuses[].id)";
    }
    boolean fromOrToACustomer = event.kind() == Kind.MESSAGE || event.kind() == Kind.STATUS;
    if (fromOrToACustomer && (event.metadata() == null || event.metadata().phoneNumberId() == null
        || event.metadata().phoneNumberId().isBlank() || event.metadata().phoneNumberId().length() > 64)) {
      return "No business number (metadata.phone_number_id)";
    }
    if (event.customerKey() != null && event.customerKey().length() > MAX_CUSTOMER_KEY) {
      return "A customer id longer than " + MAX_CUSTOMER_KEY + " characters";
    }
    return null;
  }

  /** A dedupe key within its column: long ones (ids no real notification has) by their SHA-256. */
  private static String fit(String key) {
    if (key.length() <= MAX_DEDUPE_KEY) {
      return key;
    }
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + java.util.HexFormat.of().formatHex(hash);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void insertParked(long notificationId, Kind kind, String key, String phoneNumberId, String payload, String reason, Instant now) {
    jdbc.sql("""
            insert into inbound_event (notification_id, kind, dedupe_key, wa_id, phone_number_id, payload,
                                       status, attempts, next_attempt_at, last_error, received_at, processed_at)
            select ?, ?, ?, null, ?, ?, 'FAILED', 0, ?, ?, ?, ?
            where not exists (select 1 from inbound_event where dedupe_key = ?)""")
        .params(notificationId, kind.name(), key, phoneNumberId != null && phoneNumberId.length() <= 64 ? phoneNumberId : null,
            payload, Timestamp.from(now), Columns.fit(reason, 1000), Timestamp.from(now), Timestamp.from(now), key)
        .update();
  }

  private long insertNotification(byte[] raw, Instant now) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("insert into webhook_notification (received_at, payload) values (?, ?)")
        .params(Timestamp.from(now), new String(raw, StandardCharsets.UTF_8))
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  /** Inserts the event unless its dedupe key was seen before (Meta delivers at least once). */
  private Optional<Long> insertIfNew(long notificationId, InboundEvent event, String key, Instant now) {
    KeyHolder keys = new GeneratedKeyHolder();
    int inserted = jdbc.sql("""
            insert into inbound_event (notification_id, kind, dedupe_key, wa_id, phone_number_id, payload,
                                       status, attempts, next_attempt_at, received_at)
            select ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?
            where not exists (select 1 from inbound_event where dedupe_key = ?)""")
        .params(notificationId, event.kind().name(), key, event.customerKey(),
            event.metadata() == null ? null : event.metadata().phoneNumberId(), toJson(event),
            Timestamp.from(now.plus(sweepGrace)), Timestamp.from(now), key)
        .update(keys, "id");
    return inserted == 1 ? Optional.of(keys.getKey().longValue()) : Optional.empty();
  }

  static List<InboundEvent> split(WebhookPayload.Notification notification) {
    List<InboundEvent> events = new ArrayList<>();
    for (WebhookPayload.Entry entry : notification.entries()) {
      if (entry == null) {
        continue;
      }
      for (Change change : entry.changeList()) {
        if (change == null) {
          continue;
        }
        ChangeValue v = change.value();
        if (MessageTemplateUpdate.isTemplateField(change.field()) && v != null && v.messageTemplateId() != null) {
          events.add(new InboundEvent(Kind.TEMPLATE, change.field(), null, null, null, null, null,
              MessageTemplateUpdate.of(change.field(), v, entry.time())));
          continue;
        }
        if (!"messages".equals(change.field()) || v == null) {
          events.add(new InboundEvent(Kind.OTHER, change.field(), null, null, null, null, null));
          continue;
        }
        if (v.messages() != null) {
          v.messages().stream().filter(java.util.Objects::nonNull).forEach(m -> events.add(new InboundEvent(Kind.MESSAGE, change.field(), v.metadata(), contactOf(v, m), m, null, null)));
        }
        if (v.statuses() != null) {
          v.statuses().stream().filter(java.util.Objects::nonNull).forEach(s -> events.add(new InboundEvent(Kind.STATUS, change.field(), v.metadata(), null, null, s, null)));
        }
        if (v.errors() != null) {
          v.errors().stream().filter(java.util.Objects::nonNull).forEach(e -> events.add(new InboundEvent(Kind.ERROR, change.field(), v.metadata(), null, null, null, e)));
        }
      }
    }
    return events;
  }

  /** The contact entry of the message's sender (matched by phone number or business-scoped user id). */
  private static Contact contactOf(ChangeValue v, WebhookPayload.Message m) {
    if (v.contacts() == null || v.contacts().isEmpty()) {
      return null;
    }
    return v.contacts().stream().filter(java.util.Objects::nonNull)
        .filter(c -> m.from() != null && m.from().equals(c.waId()) || m.fromUserId() != null && m.fromUserId().equals(c.userId()))
        .findFirst().orElse(v.contacts().stream().filter(java.util.Objects::nonNull).findFirst().orElse(null));
  }

  /** Claims a pending event for processing; false when another worker already did. */
  boolean claim(long id) {
    return jdbc.sql("update inbound_event set status = 'DONE', processed_at = ?, attempts = attempts + 1 where id = ? and status = 'PENDING'")
        .params(Timestamp.from(Instant.now()), id)
        .update() == 1;
  }

  Optional<PendingEvent> find(long id) {
    return jdbc.sql("select id, kind, wa_id, payload, attempts from inbound_event where id = ?")
        .param(id)
        .query((rs, n) -> new PendingEvent(rs.getLong(1), Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getInt(5)))
        .optional();
  }

  /** Whether an earlier event of the same customer still waits: this one must not overtake it. */
  boolean hasEarlierPending(String customerKey, long id) {
    return customerKey != null && jdbc.sql("select count(*) from inbound_event where wa_id = ? and status = 'PENDING' and id < ?")
        .params(customerKey, id).query(Integer.class).single() > 0;
  }

  @Transactional
  void retryLater(long id, Duration delay, String error, boolean countAttempt) {
    jdbc.sql("""
            update inbound_event set next_attempt_at = ?, last_error = ?, attempts = attempts + ?
            where id = ? and status = 'PENDING'""")
        .params(Timestamp.from(Instant.now().plus(delay)), Columns.fit(error, 1000), countAttempt ? 1 : 0, id)
        .update();
  }

  /** Ends a pending event with this status; {@code countAttempt} when the failed try was not counted yet. */
  @Transactional
  void markEnded(long id, String status, String error, boolean countAttempt) {
    jdbc.sql("""
            update inbound_event set status = ?, last_error = ?, processed_at = ?, attempts = attempts + ?
            where id = ? and status = 'PENDING'""")
        .params(status, Columns.fit(error, 1000), Timestamp.from(Instant.now()), countAttempt ? 1 : 0, id)
        .update();
  }

  List<StoredEvent> due(int limit) {
    return jdbc.sql("select id, wa_id from inbound_event where status = 'PENDING' and next_attempt_at <= ? order by id fetch first "
            + limit + " rows only")
        .param(Timestamp.from(Instant.now()))
        .query((rs, n) -> new StoredEvent(rs.getLong(1), rs.getString(2)))
        .list();
  }

  int attempts(long id) {
    return jdbc.sql("select attempts from inbound_event where id = ?").param(id).query(Integer.class).single();
  }

  private static String toJson(InboundEvent event) {
    try {
      return GraphJson.mapper().writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize inbound event", e);
    }
  }
}
