package io.atende.whatsapp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Inbound events that ended without being processed (parked as {@code FAILED}), for an administrator to look
 * at and, once the cause is mended, to hand back to the lanes.
 */
@Repository
class ParkedEvents {

  static final String FAILED = "FAILED";
  private static final String SELECT = """
      select id, kind, dedupe_key, wa_id, phone_number_id, status, attempts, last_error, received_at, processed_at
      from inbound_event\s""";

  private final JdbcClient jdbc;

  ParkedEvents(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** What an administrator sees of an event; the payload stays out (personal data, and the reason says enough). */
  record EventView(long id, String kind, String dedupeKey, String customerKey, String phoneNumberId, String status,
      int attempts, String lastError, Instant receivedAt, Instant processedAt) {}

  List<EventView> failed(int limit) {
    return jdbc.sql(SELECT + "where status = ? order by id desc fetch first " + limit + " rows only")
        .param(FAILED)
        .query(ParkedEvents::map)
        .list();
  }

  Optional<EventView> find(long id) {
    return jdbc.sql(SELECT + "where id = ?")
        .param(id)
        .query(ParkedEvents::map)
        .optional();
  }

  /** Hands a failed event back to the lanes with fresh attempts; false when it is not (or no longer) failed. */
  boolean requeue(long id) {
    return jdbc.sql("""
            update inbound_event set status = 'PENDING', attempts = 0, next_attempt_at = ?, processed_at = null
            where id = ? and status = ?""")
        .params(Timestamp.from(Instant.now()), id, FAILED)
        .update() == 1;
  }

  private static EventView map(ResultSet rs, int n) throws SQLException {
    Timestamp processed = rs.getTimestamp(10);
    return new EventView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
        rs.getInt(7), rs.getString(8), rs.getTimestamp(9).toInstant(), processed == null ? null : processed.toInstant());
  }
}
