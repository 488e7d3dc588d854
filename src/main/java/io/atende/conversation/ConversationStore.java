package io.atende.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import io.atende.platform.JdbcBatches;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Conversations: a customer's service on one business number, open until its protocol is closed. */
@Repository
public class ConversationStore {

  private static final String COLUMNS =
      "id, customer_id, phone_number_id, status, process_instance_id, protocol, queue, assignee, opened_at, closed_at";

  private final JdbcClient jdbc;
  private final JdbcTemplate batches;

  ConversationStore(JdbcClient jdbc, JdbcTemplate batches) {
    this.jdbc = jdbc;
    this.batches = batches;
  }

  public enum Status {
    OPEN,
    CLOSED
  }

  public record Conversation(
      long id,
      long customerId,
      String phoneNumberId,
      Status status,
      String processInstanceId,
      String protocol,
      String queue,
      String assignee,
      Instant openedAt,
      Instant closedAt) {}

  public Optional<Conversation> findById(long id) {
    return jdbc.sql("select " + COLUMNS + " from conversation where id = ?").param(id).query(ConversationStore::map).optional();
  }

  /** The customer's open conversation on that business number, if any. */
  public Optional<Conversation> findOpen(long customerId, String phoneNumberId) {
    return jdbc.sql("select " + COLUMNS + " from conversation where customer_id = ? and phone_number_id = ? and status = 'OPEN' order by id desc")
        .params(customerId, phoneNumberId).query(ConversationStore::map).list().stream().findFirst();
  }

  public List<Conversation> findByCustomer(long customerId) {
    return jdbc.sql("select " + COLUMNS + " from conversation where customer_id = ? order by id")
        .param(customerId).query(ConversationStore::map).list();
  }

  /** {@link #findOpen} for several customers at once: the id of each one's newest open conversation on the number. */
  public Map<Long, Long> findOpenIds(Collection<Long> customerIds, String phoneNumberId) {
    Map<Long, Long> open = new HashMap<>();
    for (List<Long> chunk : JdbcBatches.chunks(customerIds.stream().distinct().toList())) {
      jdbc.sql("select customer_id, id from conversation where customer_id in (:customers) and phone_number_id = :number"
              + " and status = 'OPEN' order by id desc")
          .param("customers", chunk).param("number", phoneNumberId)
          .query(rs -> {
            open.putIfAbsent(rs.getLong(1), rs.getLong(2));
          });
    }
    return open;
  }

  /**
   * Records for each customer a conversation on the number that carries one notification and is over with it: written
   * closed (one batched statement), so no step is needed to close it once the notification has left and a reply finds
   * no conversation open. Their ids in the given order.
   */
  public List<Long> recordClosedAll(List<Long> customerIds, String phoneNumberId) {
    Timestamp now = Timestamp.from(Instant.now());
    return JdbcBatches.insertReturningIds(batches,
        "insert into conversation (customer_id, phone_number_id, status, opened_at, closed_at) values (?, ?, 'CLOSED', ?, ?)",
        customerIds, c -> new Object[] {c, phoneNumberId, now, now});
  }

  public Conversation open(long customerId, String phoneNumberId) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("insert into conversation (customer_id, phone_number_id, status, opened_at) values (?, ?, 'OPEN', ?)")
        .params(customerId, phoneNumberId, Timestamp.from(Instant.now()))
        .update(keys, "id");
    return findById(keys.getKey().longValue()).orElseThrow();
  }

  /**
   * The conversation whose process is one of these instances (e.g. a task's instance, its caller and its root), newest
   * first: the link written by the engine-side code, which no agent can rewrite (unlike a process variable).
   */
  public Optional<Conversation> findByProcessInstance(java.util.Collection<String> processInstanceIds) {
    List<String> ids = processInstanceIds.stream().filter(java.util.Objects::nonNull).distinct().toList();
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    return jdbc.sql("select " + COLUMNS + " from conversation where process_instance_id in (:ids) order by id desc")
        .param("ids", ids).query(ConversationStore::map).list().stream().findFirst();
  }

  public void attachProcess(long conversationId, String processInstanceId) {
    jdbc.sql("update conversation set process_instance_id = ? where id = ?").params(processInstanceId, conversationId).update();
  }

  public void setProtocol(long conversationId, String protocol) {
    jdbc.sql("update conversation set protocol = ? where id = ?").params(protocol, conversationId).update();
  }

  public void route(long conversationId, String queue, String assignee) {
    jdbc.sql("update conversation set queue = ?, assignee = ? where id = ?").params(queue, assignee, conversationId).update();
  }

  public String notes(long conversationId) {
    return jdbc.sql("select notes from conversation where id = ?").param(conversationId).query(String.class).optional().orElse(null);
  }

  public void saveNotes(long conversationId, String notes) {
    jdbc.sql("update conversation set notes = ? where id = ?").params(notes, conversationId).update();
  }

  public void close(long conversationId) {
    jdbc.sql("update conversation set status = 'CLOSED', closed_at = ? where id = ? and status = 'OPEN'")
        .params(Timestamp.from(Instant.now()), conversationId).update();
  }

  /**
   * Closes a conversation that only carried a notification (no protocol, no process): a batch template to a customer
   * not in service stays in the history, and the customer's reply finds no conversation going on. False when something
   * started in it meanwhile.
   */
  public boolean closeIfIdle(long conversationId) {
    // "coalesce(x, '') = ''", not "x is null": H2 may read "is null" through the index of protocols (unique: it takes it
    // for a one-row lookup) or of process instances, and walk every conversation without one (all of a batch's, every
    // send) instead of reading the id's row
    return jdbc.sql("update conversation set status = 'CLOSED', closed_at = ? where id = ? and status = 'OPEN'"
            + " and coalesce(protocol, '') = '' and coalesce(process_instance_id, '') = ''")
        .params(Timestamp.from(Instant.now()), conversationId).update() == 1;
  }

  /** {@link #closeIfIdle} for several conversations at once (one batched statement). */
  public void closeAllIfIdle(List<Long> conversationIds) {
    Timestamp now = Timestamp.from(Instant.now());
    JdbcBatches.update(batches, JdbcBatches.OWN_PLAN + "update conversation set status = 'CLOSED', closed_at = ? where id = ? and status = 'OPEN'"
        + " and coalesce(protocol, '') = '' and coalesce(process_instance_id, '') = ''", conversationIds.stream().distinct().toList(),
        id -> new Object[] {now, id});
  }

  private static Conversation map(ResultSet rs, int n) throws SQLException {
    Timestamp closed = rs.getTimestamp(10);
    return new Conversation(rs.getLong(1), rs.getLong(2), rs.getString(3), Status.valueOf(rs.getString(4)), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant(), closed == null ? null : closed.toInstant());
  }
}
