package io.atende.limits;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * WhatsApp's 24-hour customer service window, which belongs to a customer and a business number: the customer's last
 * message to that number opens or refreshes it (table {@code customer_window}); a customer who wrote to number A has
 * no window on number B. While it is open any message may be sent on that number; once closed, only templates.
 */
@Repository
public class ServiceWindows {

  public static final Duration SERVICE_WINDOW = Duration.ofHours(24);

  private final JdbcClient jdbc;

  public ServiceWindows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The window of a customer with a business number; {@code lastInboundAt} is null if they never wrote to it. */
  public record Window(Instant lastInboundAt) {

    public boolean open(Instant now) {
      return lastInboundAt != null && lastInboundAt.plus(SERVICE_WINDOW).isAfter(now);
    }

    public Optional<Instant> closesAt() {
      return Optional.ofNullable(lastInboundAt).map(t -> t.plus(SERVICE_WINDOW));
    }
  }

  public Window of(long customerId, String phoneNumberId) {
    return ofAll(List.of(customerId), phoneNumberId).get(customerId);
  }

  /** {@link #of} for several customers at once: each one's window with the number. */
  public java.util.Map<Long, Window> ofAll(java.util.Collection<Long> customerIds, String phoneNumberId) {
    java.util.Map<Long, Window> windows = new java.util.HashMap<>();
    for (java.util.List<Long> chunk : io.atende.platform.JdbcBatches.chunks(customerIds.stream().distinct().toList())) {
      jdbc.sql("select customer_id, last_inbound_at from customer_window where customer_id in (:customers) and phone_number_id = :number")
          .param("customers", chunk).param("number", phoneNumberId)
          .query(rs -> {
            Timestamp last = rs.getTimestamp(2);
            windows.put(rs.getLong(1), new Window(last == null ? null : last.toInstant()));
          });
    }
    customerIds.forEach(c -> windows.putIfAbsent(c, new Window(null)));
    return windows;
  }

  /** The customer wrote to the number at {@code at}: the window opens or moves on (never back). */
  public void customerWrote(long customerId, String phoneNumberId, Instant at) {
    if (refresh(customerId, phoneNumberId, at) > 0) {
      return;
    }
    try {
      jdbc.sql("insert into customer_window (customer_id, phone_number_id, last_inbound_at) values (?, ?, ?)")
          .params(customerId, phoneNumberId, Timestamp.from(at)).update();
    } catch (DuplicateKeyException e) {
      refresh(customerId, phoneNumberId, at);
    }
  }

  /** Updates an existing window; 1 also when the window exists and is already later (nothing to move). */
  private int refresh(long customerId, String phoneNumberId, Instant at) {
    Timestamp t = Timestamp.from(at);
    return jdbc.sql("""
            update customer_window set last_inbound_at = case when last_inbound_at < ? then ? else last_inbound_at end
            where customer_id = ? and phone_number_id = ?""")
        .params(t, t, customerId, phoneNumberId).update();
  }
}
