package io.atende.integration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes business events into the outbox (table {@code integration_event}) <em>in the caller's transaction</em>: an
 * event exists if and only if what it tells was committed. The {@link EventDrainer} delivers it afterwards.
 */
@Component
public class IntegrationEvents {

  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final JdbcClient jdbc;

  IntegrationEvents(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records one event of the customer (with the customer's row id; events of one customer are delivered in order). */
  public <T> void publish(String type, long customerId, T data) {
    Instant now = Instant.now();
    IntegrationEvent<T> event = new IntegrationEvent<>(type, 1, UUID.randomUUID().toString(), now, customerId, data);
    String body;
    try {
      body = JSON.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Event " + type + " cannot be written as JSON", e);
    }
    jdbc.sql("""
            insert into integration_event (event_id, event_type, customer_key, body, status, attempts, next_attempt_at, created_at)
            values (?, ?, ?, ?, 'PENDING', 0, ?, ?)""")
        .params(event.id(), type, "customer:" + customerId, body, Timestamp.from(now), Timestamp.from(now))
        .update();
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
