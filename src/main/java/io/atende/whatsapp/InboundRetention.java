package io.atende.whatsapp;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes what the webhook kept only to process it: handled inbound events and their raw notifications, once
 * older than {@code atende.whatsapp.inbound-retention}. Raw payloads carry personal data, and Meta redelivers a
 * notification for a few days at most, so a month covers redeliveries and investigations alike. Events that
 * failed stay until an operator deals with them; the conversation itself lives in the chat tables, not here.
 */
@Component
class InboundRetention {

  private static final Logger log = LoggerFactory.getLogger(InboundRetention.class);
  /** Rows per delete: short transactions that never hold up the webhook for long. */
  static final int BATCH = 5000;

  private final JdbcClient jdbc;
  private final Duration retention;

  InboundRetention(JdbcClient jdbc, WhatsAppProperties properties) {
    this.jdbc = jdbc;
    this.retention = properties.inboundRetention();
  }

  @Scheduled(fixedDelayString = "${atende.whatsapp.inbound-purge-interval:1h}", initialDelayString = "${atende.whatsapp.inbound-purge-delay:10m}")
  void purge() {
    Timestamp cutoff = Timestamp.from(Instant.now().minus(retention));
    int events = purgeOldestFirst("inbound_event", "status in ('DONE', 'IGNORED')", cutoff);
    int notifications = purgeOldestFirst("webhook_notification",
        "not exists (select 1 from inbound_event e where e.notification_id = webhook_notification.id)", cutoff);
    // the customers' lock rows (InboundEventStore) of those who sent nothing since: a phone number is personal data
    jdbc.sql("delete from inbound_customer where stored_at < ?").param(cutoff).update();
    if (events + notifications > 0) {
      log.info("Deleted {} handled inbound events and {} webhook notifications received before {}", events, notifications,
          cutoff.toInstant());
    }
  }

  /**
   * Walks a table by id from its oldest row, {@link #BATCH} rows at a time, deleting the handled rows received before
   * the cutoff, and stops at the first batch that reaches newer rows. Rows are stored in the order they arrive, so a
   * run reads what it deletes, the few rows kept (failed ones), and one batch more: never the whole month kept.
   */
  private int purgeOldestFirst(String table, String handled, Timestamp cutoff) {
    int total = 0;
    long after = 0;
    while (true) {
      Batch batch = jdbc.sql("""
              select max(id), max(received_at) from (
                select id, received_at from %s where id > ? order by id fetch first %d rows only) oldest"""
              .formatted(table, BATCH))
          .param(after)
          .query((rs, n) -> new Batch(rs.getLong(1), rs.getTimestamp(2)))
          .single();
      if (batch.newest() == null) {
        return total;
      }
      total += jdbc.sql("delete from %s where id > ? and id <= ? and received_at < ? and %s".formatted(table, handled))
          .params(after, batch.lastId(), cutoff)
          .update();
      if (!batch.newest().before(cutoff)) {
        return total;
      }
      after = batch.lastId();
    }
  }

  private record Batch(long lastId, Timestamp newest) {}
}
