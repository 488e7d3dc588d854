package io.atende.conversation;

import io.atende.platform.Columns;
import io.atende.whatsapp.DeliveryStatus;
import io.atende.whatsapp.MessageType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import io.atende.platform.JdbcBatches;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Every message in and out, with its WhatsApp id, content or media reference and delivery status. */
@Repository
public class MessageLog {

  private static final String COLUMNS = """
      id, customer_id, conversation_id, phone_number_id, direction, sender, wa_message_id, type, body, media_id,
      media_mime_type, media_filename, media_path, status, status_at, error_code, error_title, error_details, sent_at, send_key""";

  private static final String INSERT = """
      insert into chat_message (customer_id, conversation_id, phone_number_id, direction, sender, wa_message_id, send_key,
        type, body, media_id, media_mime_type, media_filename, payload, status, status_at, sent_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  private final JdbcClient jdbc;
  private final JdbcTemplate batches;

  MessageLog(JdbcClient jdbc, JdbcTemplate batches) {
    this.jdbc = jdbc;
    this.batches = batches;
  }

  public record Entry(
      long id,
      long customerId,
      Long conversationId,
      String phoneNumberId,
      Direction direction,
      String sender,
      String waMessageId,
      MessageType type,
      String body,
      String mediaId,
      String mediaMimeType,
      String mediaFilename,
      String mediaPath,
      DeliveryStatus status,
      Instant statusAt,
      Integer errorCode,
      String errorTitle,
      String errorDetails,
      Instant sentAt,
      String sendKey) {}

  /** What to record of a message; {@code payload} is the Cloud API JSON of the message, if kept. */
  public record NewMessage(
      long customerId,
      Long conversationId,
      String phoneNumberId,
      Direction direction,
      String sender,
      String waMessageId,
      String sendKey,
      MessageType type,
      String body,
      String mediaId,
      String mediaMimeType,
      String mediaFilename,
      String payload,
      DeliveryStatus status,
      Instant sentAt) {

    public NewMessage {
      // a document's file name is the customer's choice: cut to chat_message.media_filename
      mediaFilename = Columns.fit(mediaFilename, 512);
    }
  }

  public long record(NewMessage m) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql(INSERT).params(insertParams(m)).update(keys, "id");
    long id = keys.getKey().longValue();
    if (m.direction() == Direction.IN && m.mediaId() != null) {
      jdbc.sql("insert into media_fetch (message_id, media_id, queued_at) values (?, ?, ?)")
          .params(id, m.mediaId(), Timestamp.from(m.sentAt()))
          .update();
    }
    return id;
  }

  /**
   * Records several outbound messages at once (one batched statement, in the caller's transaction); their ids in the
   * given order. No media fetch is queued: only for messages that carry no inbound media.
   */
  public List<Long> recordAll(List<NewMessage> all) {
    for (NewMessage m : all) {
      if (m.direction() == Direction.IN && m.mediaId() != null) {
        throw new IllegalArgumentException("An inbound media message is recorded with record(), which queues its fetch");
      }
    }
    return JdbcBatches.insertReturningIds(batches, INSERT, all, MessageLog::insertParams);
  }

  private static Object[] insertParams(NewMessage m) {
    return new Object[] {m.customerId(), m.conversationId(), m.phoneNumberId(), m.direction().name(), m.sender(), m.waMessageId(),
        m.sendKey(), m.type().name(), m.body(), m.mediaId(), m.mediaMimeType(), m.mediaFilename(), m.payload(),
        m.status() == null ? null : m.status().name(), Timestamp.from(Instant.now()), Timestamp.from(m.sentAt())};
  }

  /** Puts a message recorded outside any conversation into the one just opened for it. */
  public void attach(long messageId, long conversationId) {
    jdbc.sql("update chat_message set conversation_id = ? where id = ? and conversation_id is null").params(conversationId, messageId).update();
  }

  public boolean existsByWaMessageId(String waMessageId) {
    return jdbc.sql("select count(*) from chat_message where wa_message_id = ?").param(waMessageId).query(Integer.class).single() > 0;
  }

  public Optional<Entry> findByWaMessageId(String waMessageId) {
    return jdbc.sql("select " + COLUMNS + " from chat_message where wa_message_id = ?").param(waMessageId).query(MessageLog::map).optional();
  }

  public Optional<Entry> findBySendKey(String sendKey) {
    return jdbc.sql("select " + COLUMNS + " from chat_message where send_key = ?").param(sendKey).query(MessageLog::map).optional();
  }

  /** The records of these send keys that exist (in no particular order). */
  public List<Entry> findBySendKeys(java.util.Collection<String> sendKeys) {
    if (sendKeys.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("select " + COLUMNS + " from chat_message where send_key in (:keys)").param("keys", sendKeys)
        .query(MessageLog::map).list();
  }

  /**
   * Deletes a send's record that never left (recorded with a page of sends that a failure stopped before it): only
   * while it is pending without a WhatsApp id. False if it is not.
   */
  public boolean forgetUnsent(long id) {
    return jdbc.sql("delete from chat_message where id = ? and status = 'PENDING' and coalesce(wa_message_id, '') = ''"
            + " and direction = 'OUT'").param(id).update() == 1;
  }

  public Optional<Entry> findById(long id) {
    return jdbc.sql("select " + COLUMNS + " from chat_message where id = ?").param(id).query(MessageLog::map).optional();
  }

  public List<Entry> conversation(long conversationId) {
    return conversationAfter(conversationId, 0);
  }

  /** The conversation's messages newer than {@code afterId}, oldest first (what a desk that polls has not seen yet). */
  public List<Entry> conversationAfter(long conversationId, long afterId) {
    return jdbc.sql("select " + COLUMNS + " from chat_message where conversation_id = ? and id > ? order by id")
        .params(conversationId, afterId).query(MessageLog::map).list();
  }

  public List<Entry> customer(long customerId) {
    return jdbc.sql("select " + COLUMNS + " from chat_message where customer_id = ? order by id")
        .param(customerId).query(MessageLog::map).list();
  }

  /**
   * Marks the conversation's unread customer messages READ (inbound messages are DELIVERED until the business
   * has read them) and returns the newest of them, the one to mark read on WhatsApp (which marks the earlier
   * ones with it). Empty when there was nothing unread, also when a concurrent call has just marked them.
   */
  public Optional<Long> markInboundRead(long conversationId) {
    Optional<Long> newest = jdbc.sql("""
            select max(id) from chat_message
            where conversation_id = ? and direction = 'IN' and status = 'DELIVERED' and wa_message_id is not null""")
        .param(conversationId).query(Long.class).optional();
    if (newest.isEmpty()) {
      return newest;
    }
    int marked = jdbc.sql("""
            update chat_message set status = 'READ', status_at = ?
            where conversation_id = ? and direction = 'IN' and status = 'DELIVERED' and id <= ?""")
        .params(Timestamp.from(Instant.now()), conversationId, newest.get()).update();
    return marked > 0 ? newest : Optional.empty();
  }

  /** Records the Cloud API's acceptance of an outbound message (its WhatsApp id). */
  public void markAccepted(long id, String waMessageId) {
    jdbc.sql("update chat_message set wa_message_id = ?, status = 'ACCEPTED', status_at = ? where id = ? and status = 'PENDING'")
        .params(waMessageId, Timestamp.from(Instant.now()), id).update();
  }

  /** WhatsApp accepted a send: its message id. */
  public record Acceptance(long id, String waMessageId) {}

  /** {@link #markAccepted} for several sends at once (one batched statement). */
  public void markAcceptedAll(List<Acceptance> acceptances) {
    Timestamp now = Timestamp.from(Instant.now());
    JdbcBatches.update(batches, JdbcBatches.OWN_PLAN + "update chat_message set wa_message_id = ?, status = 'ACCEPTED', status_at = ? where id = ? and status = 'PENDING'",
        acceptances, a -> new Object[] {a.waMessageId(), now, a.id()});
  }

  /**
   * Meta's status webhook named a send of ours whose answer we never recorded (its {@code biz_opaque_callback_data} is
   * our send key): the message is Meta's {@code waMessageId} and was accepted. False when it already has an id.
   * ("coalesce(wa_message_id, '') = ''" rather than "is null": H2 reads "is null" on the unique index of WhatsApp ids
   * as a one-row lookup and walks every pending message instead of the id's row.)
   */
  public boolean adoptWaMessageId(long id, String waMessageId) {
    return jdbc.sql("update chat_message set wa_message_id = ?, status = 'ACCEPTED', status_at = ?, error_code = null,"
            + " error_title = null, error_details = null where id = ? and coalesce(wa_message_id, '') = '' and direction = 'OUT'")
        .params(waMessageId, Timestamp.from(Instant.now()), id).update() == 1;
  }

  /** A send that failed before WhatsApp took it goes back to PENDING for another try; false if it is not failed. */
  public boolean reopenFailed(long id) {
    return jdbc.sql("""
            update chat_message set status = 'PENDING', status_at = ?, error_code = null, error_title = null, error_details = null
            where id = ? and status = 'FAILED' and coalesce(wa_message_id, '') = ''""")
        .params(Timestamp.from(Instant.now()), id).update() == 1;
  }

  public void markFailed(long id, Integer code, String title, String details) {
    jdbc.sql("update chat_message set status = 'FAILED', status_at = ?, error_code = ?, error_title = ?, error_details = ? where id = ?")
        .params(Timestamp.from(Instant.now()), code, Columns.fit(title, 512), Columns.fit(details, 2000), id).update();
  }

  /** Moves a message to a later status; never backwards. Returns whether it moved. */
  public boolean applyStatus(Entry message, DeliveryStatus next, Instant at, Integer code, String title, String details) {
    if (!message.status().canMoveTo(next)) {
      return false;
    }
    return jdbc.sql("""
            update chat_message set status = ?, status_at = ?, error_code = coalesce(?, error_code),
              error_title = coalesce(?, error_title), error_details = coalesce(?, error_details)
            where id = ? and status = ?""")
        .params(next.name(), Timestamp.from(at), code, Columns.fit(title, 512), Columns.fit(details, 2000), message.id(), message.status().name())
        .update() == 1;
  }

  /** A customer's media still to be fetched, recorded when the message was. */
  public record MediaToFetch(long messageId, String mediaId, Instant queuedAt) {}

  /** Media still to be fetched, by message id, after {@code afterMessageId}; a page of at most {@code limit}. */
  public List<MediaToFetch> mediaToFetch(long afterMessageId, int limit) {
    return jdbc.sql("select message_id, media_id, queued_at from media_fetch where message_id > ? order by message_id fetch first "
            + limit + " rows only")
        .param(afterMessageId)
        .query((rs, n) -> new MediaToFetch(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
        .list();
  }

  /** Takes a message's media off the list of media to fetch (stored, or given up for good). */
  public void forgetMediaToFetch(long messageId) {
    jdbc.sql("delete from media_fetch where message_id = ?").param(messageId).update();
  }

  /** Records where a customer's media file is stored; it is no longer to be fetched. */
  public void attachMediaPath(long id, String path) {
    jdbc.sql("update chat_message set media_path = ? where id = ?").params(path, id).update();
    forgetMediaToFetch(id);
  }

  private static Entry map(ResultSet rs, int n) throws SQLException {
    Timestamp statusAt = rs.getTimestamp(15);
    int code = rs.getInt(16);
    Integer errorCode = rs.wasNull() ? null : code;
    long conversation = rs.getLong(3);
    Long conversationId = rs.wasNull() ? null : conversation;
    String status = rs.getString(14);
    return new Entry(rs.getLong(1), rs.getLong(2), conversationId, rs.getString(4), Direction.valueOf(rs.getString(5)),
        rs.getString(6), rs.getString(7), MessageType.valueOf(rs.getString(8)), rs.getString(9), rs.getString(10),
        rs.getString(11), rs.getString(12), rs.getString(13), status == null ? null : DeliveryStatus.valueOf(status),
        statusAt == null ? null : statusAt.toInstant(), errorCode, rs.getString(17), rs.getString(18),
        rs.getTimestamp(19).toInstant(), rs.getString(20));
  }
}
