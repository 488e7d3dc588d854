package io.atende.journey.batch;

import io.atende.integration.IntegrationEvent;
import io.atende.integration.IntegrationEvents;
import io.atende.platform.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The batches (table {@code batch_send}), their recipients ({@code batch_recipient}) and bad rows
 * ({@code batch_row_problem}). A recipient's delivery figures are its message's status in {@code chat_message}, which
 * the status webhooks move forward only (late and repeated statuses change nothing), so the figures are counted from
 * there and never drift.
 */
@Repository
class BatchStore {

  /** Where a batch stands. */
  enum Status { RUNNING, PAUSED, CANCELLED, FINISHED }

  /** Where a recipient stands in the dispatch; once SENT, the message's own status tells the rest. */
  enum RecipientStatus { QUEUED, SENT, FAILED, REFUSED, CANCELLED }

  record Batch(long id, String title, String phoneNumberId, String templateName, String templateLanguage, Status status,
      int total, int invalid, int inService, String createdBy, Instant createdAt, Instant finishedAt, String processInstanceId) {}

  record Recipient(long batchId, int row, String waId, String name, String variables) {}

  /** The figures of a batch; cumulative: a read message counts as sent, delivered and read. */
  record Figures(int queued, int sent, int delivered, int read, int failed, int refused, int cancelled) {}

  /** A line of the report. */
  record ReportLine(int row, String phone, String name, String status, Integer errorCode, String errorTitle, String reason,
      Instant at) {}

  private static final String COLUMNS = """
      id, title, phone_number_id, template_name, template_language, status, total, invalid, in_service, created_by,
      created_at, finished_at, process_instance_id""";

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final IntegrationEvents integration;

  BatchStore(JdbcClient jdbc, JdbcTemplate template, IntegrationEvents integration) {
    this.jdbc = jdbc;
    this.template = template;
    this.integration = integration;
  }

  long create(String title, String phoneNumberId, String templateName, String language, String createdBy, Instant at) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("""
            insert into batch_send (title, phone_number_id, template_name, template_language, status, total, invalid, in_service,
              created_by, created_at) values (?, ?, ?, ?, 'RUNNING', 0, 0, 0, ?, ?)""")
        .params(title, phoneNumberId, templateName, language, createdBy, Timestamp.from(at))
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  void setCounts(long id, int total, int invalid, int inService) {
    jdbc.sql("update batch_send set total = ?, invalid = ?, in_service = ? where id = ?").params(total, invalid, inService, id).update();
  }

  void attachProcess(long id, String processInstanceId) {
    jdbc.sql("update batch_send set process_instance_id = ? where id = ?").params(processInstanceId, id).update();
  }

  void addRecipients(List<Recipient> recipients) {
    template.batchUpdate("""
            insert into batch_recipient (batch_id, row_number, wa_id, name, variables, status) values (?, ?, ?, ?, ?, 'QUEUED')""",
        recipients, recipients.size(), (ps, r) -> {
          ps.setLong(1, r.batchId());
          ps.setInt(2, r.row());
          ps.setString(3, r.waId());
          ps.setString(4, r.name());
          ps.setString(5, r.variables());
        });
  }

  void addProblems(long batchId, List<BatchIntake.RowProblem> problems) {
    template.batchUpdate("insert into batch_row_problem (batch_id, row_number, phone, reason) values (?, ?, ?, ?)",
        problems, problems.size(), (ps, p) -> {
          ps.setLong(1, batchId);
          ps.setInt(2, p.row());
          ps.setString(3, Columns.fit(p.phone(), 64));
          ps.setString(4, Columns.fit(p.reason(), 1000));
        });
  }

  /**
   * The next queued recipients after a sheet row, and the first bad rows of a batch: each ordered by the whole of the
   * index it is read through. H2 (2.3.232) reads a page through the index in the index's order and stops after the
   * page only when the {@code order by} names the index's columns from the first; ordered by the sheet row alone, it
   * read every queued recipient after the row and sorted them for each page (5,000 rows for a page of 250 with 5,000
   * queued; a 100,000-recipient batch would have read 20 million rows page by page). PostgreSQL orders both alike.
   */
  static final String QUEUED_AFTER = "select batch_id, row_number, wa_id, name, variables from batch_recipient"
      + " where batch_id = ? and status = 'QUEUED' and row_number > ? order by batch_id, status, row_number fetch first %d rows only";
  static final String PROBLEMS = "select row_number, phone, reason from batch_row_problem where batch_id = ?"
      + " order by batch_id, row_number fetch first %d rows only";

  /** The first bad rows of a batch, in sheet order. */
  List<BatchIntake.RowProblem> problems(long batchId, int limit) {
    return jdbc.sql(PROBLEMS.formatted(limit))
        .param(batchId)
        .query((rs, n) -> new BatchIntake.RowProblem(rs.getInt(1), rs.getString(2), rs.getString(3)))
        .list();
  }

  Optional<Batch> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from batch_send where id = ?").param(id).query(BatchStore::batch).optional();
  }

  List<Batch> list(int limit) {
    return jdbc.sql("select " + COLUMNS + " from batch_send order by id desc fetch first " + limit + " rows only")
        .query(BatchStore::batch).list();
  }

  Optional<Status> status(long id) {
    return jdbc.sql("select status from batch_send where id = ?").param(id).query(String.class).optional().map(Status::valueOf);
  }

  /** Moves the batch from one of {@code from} to {@code to}; false when it was in none of them. */
  boolean move(long id, Status to, Status... from) {
    StringBuilder in = new StringBuilder();
    for (Status s : from) {
      in.append(in.isEmpty() ? "" : ", ").append('\'').append(s.name()).append('\'');
    }
    boolean ends = to == Status.CANCELLED || to == Status.FINISHED;
    return jdbc.sql("update batch_send set status = ?" + (ends ? ", finished_at = ?" : "") + " where id = ? and status in (" + in + ")")
        .params(ends ? List.of(to.name(), Timestamp.from(Instant.now()), id) : List.of(to.name(), id))
        .update() == 1;
  }

  /** The next queued recipients, in sheet order. */
  List<Recipient> queued(long batchId, int limit) {
    return queuedAfter(batchId, 0, limit);
  }

  /** The next queued recipients after sheet row {@code afterRow}, in sheet order. */
  List<Recipient> queuedAfter(long batchId, int afterRow, int limit) {
    return jdbc.sql(QUEUED_AFTER.formatted(limit))
        .params(batchId, afterRow)
        .query((rs, n) -> new Recipient(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5)))
        .list();
  }

  /** The integrators' event of a recipient's send, with the customer it belongs to. */
  record SentEvent(long customerId, IntegrationEvent.BatchMessageSent data) {}

  /** Marks the recipient sent and records the integrators' event in the same transaction (both or neither). */
  @Transactional
  void markSent(Recipient r, long messageId, SentEvent event) {
    int marked = jdbc.sql("""
            update batch_recipient set status = 'SENT', message_id = ?, reason = null, handled_at = ?
            where batch_id = ? and row_number = ? and status <> 'SENT'""")
        .params(messageId, Timestamp.from(Instant.now()), r.batchId(), r.row()).update();
    if (marked == 1) {
      integration.publish(IntegrationEvent.BATCH_MESSAGE_SENT, event.customerId(), event.data());
    }
  }

  /** A recipient whose send WhatsApp accepted: the message and the integrators' event. */
  record Sent(Recipient recipient, long messageId, SentEvent event) {}

  /**
   * {@link #markSent} for several recipients at once (one batched statement for the marks, one for the events of those
   * newly marked), in the caller's transaction.
   */
  void markAllSent(List<Sent> sent) {
    Timestamp now = Timestamp.from(Instant.now());
    int[] marked = io.atende.platform.JdbcBatches.update(template, io.atende.platform.JdbcBatches.OWN_PLAN + """
            update batch_recipient set status = 'SENT', message_id = ?, reason = null, handled_at = ?
            where batch_id = ? and row_number = ? and status <> 'SENT'""", sent,
        s -> new Object[] {s.messageId(), now, s.recipient().batchId(), s.recipient().row()});
    List<IntegrationEvents.Publication<IntegrationEvent.BatchMessageSent>> events = new java.util.ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      if (marked[i] == 1) {
        SentEvent e = sent.get(i).event();
        events.add(new IntegrationEvents.Publication<>(IntegrationEvent.BATCH_MESSAGE_SENT, e.customerId(), e.data()));
      }
    }
    integration.publishAll(events);
  }

  void markNotSent(Recipient r, RecipientStatus status, Long messageId, String reason) {
    jdbc.sql("update batch_recipient set status = ?, message_id = ?, reason = ?, handled_at = ? where batch_id = ? and row_number = ?")
        .params(status.name(), messageId, Columns.fit(reason, 1000), Timestamp.from(Instant.now()), r.batchId(), r.row()).update();
  }

  int cancelQueued(long batchId) {
    return jdbc.sql("update batch_recipient set status = 'CANCELLED', handled_at = ? where batch_id = ? and status = 'QUEUED'")
        .params(Timestamp.from(Instant.now()), batchId).update();
  }

  private final CostBoundMemo<Long, Figures> figures = new CostBoundMemo<>();
  private final Map<Long, Figures> settled = new ConcurrentHashMap<>();

  /**
   * The batch's figures now, or as counted a moment ago when counting them is expensive (a large batch). A batch that
   * ended more than {@code settleAfter} ago is counted once more and its figures are kept ({@code batch_figures}): the
   * history shows them without counting its recipients again.
   */
  Figures figures(Batch batch, Instant now, Duration settleAfter) {
    // finished_at is written when, and only when, a batch ends (finished or cancelled: move)
    if (batch.finishedAt() == null || batch.finishedAt().isAfter(now.minus(settleAfter))) {
      return figures.get(batch.id(), () -> countFigures(batch.id()));
    }
    return settled.computeIfAbsent(batch.id(), this::settledFigures);
  }

  private Figures settledFigures(long batchId) {
    Optional<Figures> kept = jdbc.sql("select queued, sent, delivered, read_count, failed, refused, cancelled from batch_figures"
            + " where batch_id = ?")
        .param(batchId)
        .query((rs, n) -> new Figures(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7)))
        .optional();
    if (kept.isPresent()) {
      return kept.get();
    }
    Figures f = countFigures(batchId);
    try {
      jdbc.sql("insert into batch_figures (batch_id, queued, sent, delivered, read_count, failed, refused, cancelled, counted_at)"
              + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .params(batchId, f.queued(), f.sent(), f.delivered(), f.read(), f.failed(), f.refused(), f.cancelled(),
              Timestamp.from(Instant.now()))
          .update();
    } catch (DuplicateKeyException e) {
      // another node kept them first: the same count
    }
    return f;
  }

  private Figures countFigures(long batchId) {
    int[] f = new int[7];
    jdbc.sql("""
            select coalesce(m.status, r.status), count(*) from batch_recipient r left join chat_message m on m.id = r.message_id
            where r.batch_id = ? group by coalesce(m.status, r.status)""")
        .param(batchId)
        .query(rs -> {
          int n = rs.getInt(2);
          switch (rs.getString(1)) {
            case "QUEUED", "PENDING" -> f[0] += n;
            case "SENT", "ACCEPTED" -> f[1] += n;
            case "DELIVERED" -> {
              f[1] += n;
              f[2] += n;
            }
            case "READ", "PLAYED" -> {
              f[1] += n;
              f[2] += n;
              f[3] += n;
            }
            case "FAILED" -> f[4] += n;
            case "REFUSED" -> f[5] += n;
            case "CANCELLED" -> f[6] += n;
            default -> { }
          }
        });
    return new Figures(f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
  }

  /** Each recipient (in sheet order), then each bad row, one by one (a report of 100,000 lines is streamed). */
  void report(long batchId, Consumer<ReportLine> lines) {
    template.query("""
            select r.row_number, r.wa_id, r.name, coalesce(m.status, r.status), m.error_code, m.error_title, r.reason,
              coalesce(m.status_at, r.handled_at)
            from batch_recipient r left join chat_message m on m.id = r.message_id
            where r.batch_id = ? order by r.row_number""",
        rs -> {
          int code = rs.getInt(5);
          Integer errorCode = rs.wasNull() ? null : code;
          Timestamp at = rs.getTimestamp(8);
          lines.accept(new ReportLine(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), errorCode, rs.getString(6),
              rs.getString(7), at == null ? null : at.toInstant()));
        }, batchId);
    template.query("select row_number, phone, reason from batch_row_problem where batch_id = ? order by row_number",
        rs -> {
          lines.accept(new ReportLine(rs.getInt(1), rs.getString(2), null, "INVALID", null, null, rs.getString(3), null));
        }, batchId);
  }

  private static Batch batch(ResultSet rs, int n) throws SQLException {
    Timestamp finished = rs.getTimestamp(12);
    return new Batch(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), Status.valueOf(rs.getString(6)),
        rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getString(10), rs.getTimestamp(11).toInstant(),
        finished == null ? null : finished.toInstant(), rs.getString(13));
  }
}
