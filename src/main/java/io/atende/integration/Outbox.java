package io.atende.integration;

import io.atende.platform.Columns;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox's rows. A row is claimed by a conditional update (a lease: {@code locked_by}, {@code locked_until}), so
 * nodes sharing the database never deliver the same row at once, on PostgreSQL and H2 alike; a node that dies
 * mid-delivery leaves a lease that expires, and another node delivers the row again (at least once).
 */
@Repository
class Outbox {

  enum Status { PENDING, DELIVERED, DEAD }

  record Row(long id, String eventId, String type, String customerKey, String body, Status status, int attempts,
      Instant nextAttemptAt, String lastError, Instant createdAt) {}

  private static final String COLUMNS =
      "id, event_id, event_type, customer_key, body, status, attempts, next_attempt_at, last_error, created_at";

  private final JdbcClient jdbc;

  Outbox(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The rows due now that are the oldest pending row of their customer (a failing event holds back the later events
   * of its customer only), not leased by a live delivery.
   */
  List<Long> due(Instant now, int limit) {
    Timestamp t = Timestamp.from(now);
    return jdbc.sql("""
            select e.id from integration_event e
            where e.status = 'PENDING' and e.next_attempt_at <= ? and (e.locked_until is null or e.locked_until < ?)
              and not exists (select 1 from integration_event p
                              where p.customer_key = e.customer_key and p.status = 'PENDING' and p.id < e.id)
            order by e.id fetch first %d rows only""".formatted(limit))
        .params(t, t).query(Long.class).list();
  }

  /** Leases the row to this node; false if another node has it or it is no longer pending. */
  boolean claim(long id, String node, Instant now, Instant until) {
    return jdbc.sql("""
            update integration_event set locked_by = ?, locked_until = ?
            where id = ? and status = 'PENDING' and (locked_until is null or locked_until < ?)""")
        .params(node, Timestamp.from(until), id, Timestamp.from(now)).update() == 1;
  }

  /** Ends the leases a node holds (its own, after it restarted from a crash); how many there were. */
  int releaseLeasesOf(String node) {
    return jdbc.sql("update integration_event set locked_by = null, locked_until = null where locked_by = ? and status = 'PENDING'")
        .param(node).update();
  }

  Optional<Row> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from integration_event where id = ?").param(id).query(Outbox::map).optional();
  }

  void delivered(long id, String node, Instant at) {
    jdbc.sql("""
            update integration_event set status = 'DELIVERED', delivered_at = ?, attempts = attempts + 1,
              locked_by = null, locked_until = null, last_error = null
            where id = ? and locked_by = ?""")
        .params(Timestamp.from(at), id, node).update();
  }

  /**
   * Marks up to {@code limit} due events delivered, oldest first, when no route listens (their delivery is then
   * complete as it is); an event another node holds a lease on is left to it. Returns how many.
   */
  int deliveredToNoListener(Instant now, int limit) {
    Timestamp t = Timestamp.from(now);
    // the due ids first, then one update of those ids: as "update ... where id in (select ...)", H2 runs the subquery
    // again for every row it updates (the table changed since), so marking N of P pending events read N x P rows
    List<Long> ids = jdbc.sql("""
            select id from integration_event
            where status = 'PENDING' and next_attempt_at <= ? and (locked_until is null or locked_until < ?)
            order by id fetch first %d rows only""".formatted(limit))
        .params(t, t).query(Long.class).list();
    if (ids.isEmpty()) {
      return 0;
    }
    return jdbc.sql("""
            update integration_event set status = 'DELIVERED', delivered_at = :now, attempts = attempts + 1, last_error = null
            where id in (:ids) and status = 'PENDING' and (locked_until is null or locked_until < :now)""")
        .param("now", t).param("ids", ids).update();
  }

  /** A failed attempt: tried again at {@code next}, or dead-lettered. */
  void failed(long id, String node, String error, Instant next, boolean dead) {
    jdbc.sql("""
            update integration_event set attempts = attempts + 1, last_error = ?, next_attempt_at = ?, status = ?,
              locked_by = null, locked_until = null
            where id = ? and locked_by = ?""")
        .params(Columns.fit(error, 1000), Timestamp.from(next), dead ? "DEAD" : "PENDING", id, node).update();
  }

  List<Row> dead(int limit) {
    return jdbc.sql("select " + COLUMNS + " from integration_event where status = 'DEAD' order by id fetch first %d rows only"
        .formatted(limit)).query(Outbox::map).list();
  }

  /** A dead event back to pending, with fresh attempts; false if it is not dead. */
  boolean replay(long id, Instant now) {
    return jdbc.sql("""
            update integration_event set status = 'PENDING', attempts = 0, next_attempt_at = ?, last_error = null
            where id = ? and status = 'DEAD'""")
        .params(Timestamp.from(now), id).update() == 1;
  }

  /** Forgets delivered events older than {@code before}; dead letters stay until replayed. */
  int purgeDelivered(Instant before) {
    return jdbc.sql("delete from integration_event where status = 'DELIVERED' and delivered_at < ?")
        .param(Timestamp.from(before)).update();
  }

  private static Row map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        Status.valueOf(rs.getString(6)), rs.getInt(7), rs.getTimestamp(8).toInstant(), rs.getString(9),
        rs.getTimestamp(10).toInstant());
  }
}
