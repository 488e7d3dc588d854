package io.atende.conversation;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Customers by WhatsApp id, with their profile name, document and the time of their last message. */
@Repository
public class CustomerStore {

  /** WhatsApp's customer service window: free-form messages only within 24 hours of the customer's last message. */
  public static final Duration SERVICE_WINDOW = Duration.ofHours(24);

  private final JdbcClient jdbc;

  CustomerStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public record Customer(long id, String waId, String profileName, String document, Instant lastInboundAt) {

    /** Whether a free-form message may be sent to this customer now. */
    public boolean windowOpen(Instant now) {
      return lastInboundAt != null && lastInboundAt.plus(SERVICE_WINDOW).isAfter(now);
    }

    public Optional<Instant> windowClosesAt() {
      return Optional.ofNullable(lastInboundAt).map(t -> t.plus(SERVICE_WINDOW));
    }
  }

  public Optional<Customer> findByWaId(String waId) {
    return jdbc.sql("select id, wa_id, profile_name, document, last_inbound_at from customer where wa_id = ?")
        .param(waId).query(CustomerStore::map).optional();
  }

  public Optional<Customer> findById(long id) {
    return jdbc.sql("select id, wa_id, profile_name, document, last_inbound_at from customer where id = ?")
        .param(id).query(CustomerStore::map).optional();
  }

  /** Finds or creates the customer; on an inbound message also refreshes the window and the profile name. */
  Customer upsertOnInbound(String waId, String profileName, Instant sentAt) {
    Customer existing = findByWaId(waId).orElse(null);
    if (existing == null) {
      jdbc.sql("insert into customer (wa_id, profile_name, last_inbound_at, created_at) values (?, ?, ?, ?)")
          .params(waId, profileName, Timestamp.from(sentAt), Timestamp.from(Instant.now())).update();
    } else {
      Instant last = existing.lastInboundAt() == null || sentAt.isAfter(existing.lastInboundAt()) ? sentAt : existing.lastInboundAt();
      jdbc.sql("update customer set profile_name = coalesce(?, profile_name), last_inbound_at = ? where id = ?")
          .params(profileName, Timestamp.from(last), existing.id()).update();
    }
    return findByWaId(waId).orElseThrow();
  }

  /** Finds or creates a customer the business writes to first (no window yet). */
  public Customer findOrCreate(String waId, String name) {
    return findByWaId(waId).orElseGet(() -> {
      jdbc.sql("insert into customer (wa_id, profile_name, created_at) values (?, ?, ?)")
          .params(waId, name, Timestamp.from(Instant.now())).update();
      return findByWaId(waId).orElseThrow();
    });
  }

  /** Personal data an agent registers on the protocol form. */
  public record Details(String fullName, String email) {}

  public Details details(long customerId) {
    return jdbc.sql("select full_name, email from customer where id = ?").param(customerId)
        .query((rs, n) -> new Details(rs.getString(1), rs.getString(2))).single();
  }

  public void saveDetails(long customerId, String fullName, String email) {
    jdbc.sql("update customer set full_name = ?, email = ? where id = ?").params(fullName, email, customerId).update();
  }

  public void setDocument(long customerId, String document) {
    jdbc.sql("update customer set document = ? where id = ?").params(document, customerId).update();
  }

  private static Customer map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    Timestamp last = rs.getTimestamp(5);
    return new Customer(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), last == null ? null : last.toInstant());
  }
}
