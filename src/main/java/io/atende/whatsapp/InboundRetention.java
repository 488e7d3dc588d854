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
    int events = deleteInBatches("""
        delete from inbound_event where id in (
          select id from inbound_event where status in ('DONE', 'IGNORED') and received_at < ? fetch first %d rows only)""", cutoff);
    int notifications = deleteInBatches("""
        delete from webhook_notification where id in (
          select n.id from webhook_notification n where n.received_at < ?
            and not exists (select 1 from inbound_event e where e.notification_id = n.id) fetch first %d rows only)""", cutoff);
    if (events + notifications > 0) {
      log.info("Deleted {} handled inbound events and {} webhook notifications received before {}", events, notifications,
          cutoff.toInstant());
    }
  }

  private int deleteInBatches(String sql, Timestamp cutoff) {
    int total = 0;
    int deleted;
    do {
      deleted = jdbc.sql(sql.formatted(BATCH)).param(cutoff).update();
      total += deleted;
    } while (deleted == BATCH);
    return total;
  }
}
