package io.atende.survey;

import io.atende.integration.IntegrationEvent;
import io.atende.integration.IntegrationEvents;
import io.atende.platform.Columns;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every survey that was due to leave (table {@code survey}), one row per survey process: with protocol, agent, queue and
 * number, how it left, and the answer (R25). Results are computed from here.
 */
@Repository
class SurveyRecords {

  enum Status {
    /** The question left; no valid answer yet. */
    SENT,
    /** A score was given. */
    ANSWERED,
    /** No valid answer in time, too many unexpected answers, or a new subject instead of an answer. */
    UNANSWERED,
    /** Not sent: the customer's window was closed and the number skips then, or the template could not be sent. */
    SKIPPED,
    /** Not sent: the customer started a new service before the question was due. */
    CANCELLED
  }

  /** The facts of the closed service the survey is about. */
  record Service(String processInstanceId, long conversationId, String protocol, long customerId, String phoneNumberId,
      String agent, String queue, SurveyKind kind) {}

  private final JdbcClient jdbc;
  private final IntegrationEvents integration;

  SurveyRecords(JdbcClient jdbc, IntegrationEvents integration) {
    this.jdbc = jdbc;
    this.integration = integration;
  }

  void sent(Service s, String sentAs, Instant at) {
    upsert(s, Status.SENT, sentAs, null, at);
  }

  void notSent(Service s, Status status, String reason, Instant at) {
    upsert(s, status, null, reason, at);
  }

  void answered(String processInstanceId, int score, String answer, Instant at) {
    jdbc.sql("update survey set status = 'ANSWERED', score = ?, answer = ?, answered_at = ? where process_instance_id = ?")
        .params(score, Columns.fit(answer, 1024), Timestamp.from(at), processInstanceId).update();
    jdbc.sql("select customer_id, conversation_id, protocol, phone_number_id, kind, agent, queue from survey where process_instance_id = ?")
        .param(processInstanceId)
        .query((rs, n) -> {
          integration.publish(IntegrationEvent.SURVEY_ANSWERED, rs.getLong(1), new IntegrationEvent.SurveyAnswered(rs.getLong(2),
              rs.getString(3), rs.getString(4), rs.getString(5), score, answer, rs.getString(6), rs.getString(7)));
          return 1;
        }).list();
  }

  void commented(String processInstanceId, String comment) {
    jdbc.sql("update survey set comment = ? where process_instance_id = ?").params(Columns.fit(comment, 4000), processInstanceId).update();
  }

  void unanswered(String processInstanceId, String reason) {
    jdbc.sql("update survey set status = 'UNANSWERED', reason = ? where process_instance_id = ? and status = 'SENT'")
        .params(reason, processInstanceId).update();
  }

  record Row(long id, String protocol, String phoneNumberId, String agent, String queue, SurveyKind kind, Status status,
      String sentAs, Integer score, String answer, String comment, String reason, Instant sentAt, Instant answeredAt) {}

  Optional<Row> ofProcess(String processInstanceId) {
    return rows("process_instance_id = ?", processInstanceId).stream().findFirst();
  }

  /** Surveys sent in [from, to), oldest first. */
  List<Row> sentBetween(Instant from, Instant to) {
    return rows("sent_at >= ? and sent_at < ?", Timestamp.from(from), Timestamp.from(to));
  }

  private List<Row> rows(String where, Object... params) {
    return jdbc.sql("select id, protocol, phone_number_id, agent, queue, kind, status, sent_as, score, answer, comment, reason, sent_at,"
            + " answered_at from survey where " + where + " order by id")
        .params(params)
        .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            SurveyKind.valueOf(rs.getString(6)), Status.valueOf(rs.getString(7)), rs.getString(8), (Integer) rs.getObject(9, Integer.class),
            rs.getString(10), rs.getString(11), rs.getString(12), instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14))))
        .list();
  }

  private void upsert(Service s, Status status, String sentAs, String reason, Instant at) {
    Timestamp sentAt = status == Status.SENT ? Timestamp.from(at) : null;
    int updated = jdbc.sql("update survey set status = ?, sent_as = ?, reason = ?, sent_at = ?, kind = ? where process_instance_id = ?")
        .params(status.name(), sentAs, reason, sentAt, s.kind().name(), s.processInstanceId()).update();
    if (updated == 0) {
      jdbc.sql("""
              insert into survey (process_instance_id, conversation_id, protocol, customer_id, phone_number_id, agent, queue, kind,
                status, sent_as, reason, created_at, sent_at)
              values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
          .params(s.processInstanceId(), s.conversationId(), s.protocol(), s.customerId(), s.phoneNumberId(), s.agent(), s.queue(),
              s.kind().name(), status.name(), sentAs, reason, Timestamp.from(at), sentAt)
          .update();
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  /** Groups rows by a key, keeping first-seen order. */
  static <K> Map<K, List<Row>> group(List<Row> rows, java.util.function.Function<Row, K> key) {
    Map<K, List<Row>> groups = new LinkedHashMap<>();
    for (Row r : rows) {
      groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
    }
    return groups;
  }
}
