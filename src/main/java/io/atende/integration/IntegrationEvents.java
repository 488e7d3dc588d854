package io.atende.integration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import io.atende.platform.JdbcBatches;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes business events into the outbox (table {@code integration_event}) <em>in the caller's transaction</em>: an
 * event is committed with what it tells, or neither is. The {@link EventDrainer} delivers it afterwards. When it is
 * known that no route listens, an event is not written at all: nobody would ever read it (routes added later hear the
 * events from then on, README "For integrators"), and a batch's sends then cost no event row each. While Camel starts
 * nobody can tell yet: events are written pending and the drainer marks them delivered if no route turns up.
 */
@Component
public class IntegrationEvents {

  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /**
   * Event ids are time-ordered UUIDs (version 7: the millisecond first, then random bits, increasing within a
   * millisecond): each insert lands at the end of the unique index of ids instead of on a random page of it (on H2 a
   * random page is copied and written again for each event; on PostgreSQL a random index page is dirtied).
   */
  private static final TimeBasedEpochGenerator EVENT_IDS = Generators.timeBasedEpochGenerator();

  private static final String INSERT = """
      insert into integration_event (event_id, event_type, customer_key, body, status, attempts, next_attempt_at, created_at)
        values (?, ?, ?, ?, 'PENDING', 0, ?, ?)""";

  private final JdbcClient jdbc;
  private final JdbcTemplate batches;
  private final ObjectProvider<EventListeners> listeners;
  private volatile EventListeners resolvedListeners;

  /** {@code listeners}: absent where no Camel runs (a journey scenario's sandbox): events then wait, as they would. */
  IntegrationEvents(JdbcClient jdbc, JdbcTemplate batches, ObjectProvider<EventListeners> listeners) {
    this.jdbc = jdbc;
    this.batches = batches;
    this.listeners = listeners;
  }

  /** An event to record: of one customer, with its data. */
  public record Publication<T>(String type, long customerId, T data) {}

  /** {@link #publish} for several events at once (one batched statement), in the given order. */
  public List<IntegrationEvent<?>> publishAll(List<? extends Publication<?>> publications) {
    Instant now = Instant.now();
    List<IntegrationEvent<?>> events = new ArrayList<>(publications.size());
    for (Publication<?> p : publications) {
      events.add(new IntegrationEvent<>(p.type(), 1, EVENT_IDS.generate().toString(), now, p.customerId(), p.data()));
    }
    if (unheard()) {
      return events;
    }
    Timestamp at = Timestamp.from(now);
    JdbcBatches.update(batches, INSERT, events, e -> new Object[] {e.id(), e.type(), "customer:" + e.customerId(), json(e), at, at});
    return events;
  }

  /** Records one event of the customer (with the customer's row id; events of one customer are delivered in order). */
  public <T> IntegrationEvent<T> publish(String type, long customerId, T data) {
    Instant now = Instant.now();
    IntegrationEvent<T> event = new IntegrationEvent<>(type, 1, EVENT_IDS.generate().toString(), now, customerId, data);
    if (unheard()) {
      return event;
    }
    Timestamp at = Timestamp.from(now);
    jdbc.sql(INSERT).params(event.id(), type, "customer:" + customerId, json(event), at, at).update();
    return event;
  }

  /**
   * Completes an event recorded earlier in the running transaction with what the transaction learnt after it (the
   * conversation the journey opened for a customer's first message, say): just before the commit the event's data
   * is asked for again and, if it changed, written in its place. The event keeps its id, time and place in the
   * customer's order; nobody saw it before (it is delivered after the commit). Outside a transaction, or when no route
   * listens (the event was not written), nothing changes.
   */
  public <T> void completeBeforeCommit(IntegrationEvent<T> event, Supplier<T> data) {
    if (!TransactionSynchronizationManager.isSynchronizationActive() || unheard()) {
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void beforeCommit(boolean readOnly) {
        T now = data.get();
        if (!now.equals(event.data())) {
          IntegrationEvent<T> completed = new IntegrationEvent<>(event.type(), event.version(), event.id(), event.occurredAt(),
              event.customerId(), now);
          // nobody saw it yet (it is delivered after the commit)
          jdbc.sql("update integration_event set body = ? where event_id = ?")
              .params(json(completed), event.id()).update();
        }
      }
    });
  }

  /** Whether it is known that no route listens now: an event is then not written. */
  private boolean unheard() {
    EventListeners known = resolvedListeners;
    if (known == null) {
      // asked for every event written: the container's lookup by type (most of this check's time) is done once
      known = listeners.getIfAvailable();
      resolvedListeners = known;
    }
    return known != null && known.knownNone();
  }

  private static String json(IntegrationEvent<?> event) {
    try {
      return JSON.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Event " + event.type() + " cannot be written as JSON", e);
    }
  }

  /** The customer of a conversation (for events that know only the conversation). */
  public long customerOf(long conversationId) {
    return jdbc.sql("select customer_id from conversation where id = ?").param(conversationId).query(Long.class).single();
  }

  /** A customer as events show it. */
  public IntegrationEvent.Customer customer(long customerId) {
    return jdbc.sql("select id, wa_id, user_id, username, profile_name from customer where id = ?").param(customerId)
        .query((rs, n) -> new IntegrationEvent.Customer(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
        .single();
  }

  /** The business number of a conversation. */
  public String numberOf(long conversationId) {
    return jdbc.sql("select phone_number_id from conversation where id = ?").param(conversationId).query(String.class).single();
  }
}
