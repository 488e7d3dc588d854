package io.atende.conversation;

import io.atende.limits.ServiceWindows;
import io.atende.platform.Columns;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Customers by phone number (WhatsApp id) or, for a customer who hides the number behind a WhatsApp username, by
 * business-scoped user id (BSUID); with their profile name, document and the time of their last message.
 */
@Repository
public class CustomerStore {

  /** WhatsApp's customer service window: free-form messages only within 24 hours of the customer's last message. */
  public static final Duration SERVICE_WINDOW = Duration.ofHours(24);

  private final JdbcClient jdbc;
  private final JdbcTemplate batches;

  CustomerStore(JdbcClient jdbc, JdbcTemplate batches) {
    this.jdbc = jdbc;
    this.batches = batches;
  }

  /** {@code waId} (the phone number) is null for a customer known only by {@code userId}, their BSUID. */
  public record Customer(long id, String waId, String userId, String username, String profileName, String document,
      Instant lastInboundAt) {

    /** Where WhatsApp reaches the customer: the phone number when known (Meta's advice), else the BSUID. */
    public String address() {
      return waId != null ? waId : userId;
    }

    /** The phone number with a plus, else the username with an at sign: how a person refers to the customer. */
    public String handle() {
      if (waId != null) {
        return "+" + waId;
      }
      return username != null ? "@" + username : userId;
    }

    /**
     * Whether the customer wrote to ANY business number in the last 24 hours. The window belongs to a customer and a
     * number: use {@link ServiceWindows#of(long, String)}.
     */
    @Deprecated
    public boolean windowOpen(Instant now) {
      return lastInboundAt != null && lastInboundAt.plus(SERVICE_WINDOW).isAfter(now);
    }

    /** @deprecated the window belongs to a customer and a number: use {@link ServiceWindows#of(long, String)} */
    @Deprecated
    public Optional<Instant> windowClosesAt() {
      return Optional.ofNullable(lastInboundAt).map(t -> t.plus(SERVICE_WINDOW));
    }
  }

  private static final String COLUMNS = "select id, wa_id, user_id, username, profile_name, document, last_inbound_at from customer";

  public Optional<Customer> findByWaId(String waId) {
    return jdbc.sql(COLUMNS + " where wa_id = ?").param(waId).query(CustomerStore::map).optional();
  }

  public Optional<Customer> findByUserId(String userId) {
    return jdbc.sql(COLUMNS + " where user_id = ?").param(userId).query(CustomerStore::map).optional();
  }

  public Optional<Customer> findById(long id) {
    return jdbc.sql(COLUMNS + " where id = ?").param(id).query(CustomerStore::map).optional();
  }

  /** Who wrote: the phone number and/or the BSUID (at least one), and the username when they have one. */
  public record Sender(String waId, String userId, String username, String profileName) {

    public Sender {
      // the customer's own name, cut to customer.profile_name
      profileName = Columns.fit(profileName, 256);
      if (waId == null && userId == null) {
        throw new IllegalArgumentException("A customer message names neither a phone number nor a business-scoped user id");
      }
    }
  }

  /**
   * Finds or creates the customer; on an inbound message also refreshes the window, the names and the identifiers
   * Meta sent (a username customer may reveal the number later; the BSUID comes with every message since 2026).
   * The phone number wins when it and the BSUID point at two different customers. {@code sentAt} is null for a
   * message the customer did not write (a system message), which does not open the service window.
   */
  Customer upsertOnInbound(Sender sender, Instant sentAt) {
    Customer existing = (sender.waId() != null ? findByWaId(sender.waId()) : Optional.<Customer>empty())
        .or(() -> sender.userId() != null ? findByUserId(sender.userId()) : Optional.empty())
        .orElse(null);
    if (existing == null) {
      jdbc.sql("insert into customer (wa_id, user_id, username, profile_name, last_inbound_at, created_at) values (?, ?, ?, ?, ?, ?)")
          .params(sender.waId(), sender.userId(), sender.username(), sender.profileName(), timestamp(sentAt),
              Timestamp.from(Instant.now()))
          .update();
      return findBy(sender).orElseThrow();
    }
    Instant last = sentAt != null && (existing.lastInboundAt() == null || sentAt.isAfter(existing.lastInboundAt()))
        ? sentAt : existing.lastInboundAt();
    String userId = existing.userId() == null && sender.userId() != null && findByUserId(sender.userId()).isEmpty()
        ? sender.userId() : existing.userId();
    jdbc.sql("""
            update customer set wa_id = coalesce(wa_id, ?), user_id = ?, username = coalesce(?, username),
                                profile_name = coalesce(?, profile_name), last_inbound_at = ?
            where id = ?""")
        .params(sender.waId(), userId, sender.username(), sender.profileName(), timestamp(last), existing.id())
        .update();
    return findById(existing.id()).orElseThrow();
  }

  /**
   * The customer with this phone number (E.164 digits, as Meta's {@code wa_id}), created when the company writes
   * first (active contact); a new customer gets {@code name} as their name, an existing one keeps theirs.
   */
  /**
   * {@link #findOrCreateByWaId} for several customers at once (a batch's page): found by their WhatsApp ids, those
   * not yet known created together (one batched statement); by WhatsApp id. The first name given for an id is kept.
   */
  public java.util.Map<String, Customer> findOrCreateAllByWaId(java.util.Map<String, String> namesByWaId) {
    java.util.Map<String, Customer> found = findAllByWaId(namesByWaId.keySet());
    List<String> missing = namesByWaId.keySet().stream().filter(w -> !found.containsKey(w)).toList();
    if (!missing.isEmpty()) {
      Timestamp now = Timestamp.from(Instant.now());
      io.atende.platform.JdbcBatches.update(batches, "insert into customer (wa_id, profile_name, created_at) values (?, ?, ?)", missing,
          w -> new Object[] {w, namesByWaId.get(w), now});
      found.putAll(findAllByWaId(missing));
    }
    return found;
  }

  private java.util.Map<String, Customer> findAllByWaId(java.util.Collection<String> waIds) {
    java.util.Map<String, Customer> found = new java.util.HashMap<>();
    for (List<String> chunk : io.atende.platform.JdbcBatches.chunks(waIds)) {
      jdbc.sql(COLUMNS + " where wa_id in (:ids)").param("ids", chunk).query(CustomerStore::map).list()
          .forEach(c -> found.put(c.waId(), c));
    }
    return found;
  }

  public Customer findOrCreateByWaId(String waId, String name) {
    return findByWaId(waId).orElseGet(() -> {
      jdbc.sql("insert into customer (wa_id, profile_name, created_at) values (?, ?, ?)")
          .params(waId, name, Timestamp.from(Instant.now()))
          .update();
      return findByWaId(waId).orElseThrow();
    });
  }

  /**
   * Meta answered a send with another WhatsApp id for the number we sent to ({@code contacts[0].wa_id}, e.g. a Brazilian
   * mobile number without its ninth digit): the customer's replies will come from that id, so it becomes theirs. Left
   * as it is when another customer already has that id.
   */
  void adoptWaId(long customerId, String waId) {
    jdbc.sql("update customer set wa_id = ? where id = ? and not exists (select 1 from customer where wa_id = ?)")
        .params(waId, customerId, waId)
        .update();
  }

  /** Locks the customer's row until the transaction ends: decisions about one customer are taken one at a time. */
  public void lock(long customerId) {
    jdbc.sql("select id from customer where id = ? for update").param(customerId).query(Long.class).single();
  }

  private Optional<Customer> findBy(Sender sender) {
    return sender.waId() != null ? findByWaId(sender.waId()) : findByUserId(sender.userId());
  }

  /**
   * The customer now uses another phone number (Meta's {@code user_changed_number}); false, and nothing changes,
   * when that number already belongs to another customer.
   */
  boolean changeNumber(long customerId, String newWaId) {
    return jdbc.sql("update customer set wa_id = ? where id = ? and not exists (select 1 from customer where wa_id = ?)")
        .params(newWaId, customerId, newWaId)
        .update() == 1;
  }

  /**
   * The customer has a new business-scoped user id (Meta regenerates it on a number change, and may change it
   * alone: {@code user_changed_user_id}); false, and nothing changes, when another customer already has it.
   */
  boolean changeUserId(long customerId, String newUserId) {
    return jdbc.sql("update customer set user_id = ? where id = ? and not exists (select 1 from customer where user_id = ?)")
        .params(newUserId, customerId, newUserId)
        .update() == 1;
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

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Customer map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    Timestamp last = rs.getTimestamp(7);
    return new Customer(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
        last == null ? null : last.toInstant());
  }
}
