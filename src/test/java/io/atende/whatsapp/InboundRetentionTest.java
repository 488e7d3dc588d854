package io.atende.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

@SpringBootTest(properties = {
    "spring.datasource.url=jdbc:h2:mem:retention-test;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.whatsapp.inbound-sweep-delay=1h",
    "atende.whatsapp.inbound-purge-delay=1h"})
class InboundRetentionTest {

  private static final Instant OLD = Instant.now().minus(Duration.ofDays(31));
  private static final Instant RECENT = Instant.now().minus(Duration.ofDays(29));

  @Autowired JdbcClient jdbc;
  @Autowired InboundRetention retention;

  @BeforeEach
  void startEmpty() {
    jdbc.sql("delete from inbound_event").update();
    jdbc.sql("delete from webhook_notification").update();
  }

  @Test
  void handledEventsAndTheirNotificationsGoAfterTheRetentionFailedAndPendingOnesStay() {
    long oldDone = event(notification(OLD), "old-done", "DONE", OLD);
    long oldIgnored = event(notification(OLD), "old-ignored", "IGNORED", OLD);
    long failedNotification = notification(OLD);
    long oldFailed = event(failedNotification, "old-failed", "FAILED", OLD);
    long pendingNotification = notification(OLD);
    long oldPending = event(pendingNotification, "old-pending", "PENDING", OLD);
    long recentNotification = notification(RECENT);
    long recentDone = event(recentNotification, "recent-done", "DONE", RECENT);
    notification(OLD); // its events were handled and deleted earlier

    retention.purge();

    assertThat(eventIds()).contains(oldFailed, oldPending, recentDone).doesNotContain(oldDone, oldIgnored);
    assertThat(notificationIds()).containsOnly(failedNotification, pendingNotification, recentNotification);
  }

  @Test
  void customersWhoSentNothingWithinTheRetentionLeaveTheCustomerLocks() {
    jdbc.sql("delete from inbound_customer").update();
    jdbc.sql("insert into inbound_customer (customer_key, stored_at) values ('5511977790001', ?), ('5511977790002', ?)")
        .params(Timestamp.from(OLD), Timestamp.from(RECENT)).update();

    retention.purge();

    assertThat(jdbc.sql("select customer_key from inbound_customer").query(String.class).list()).containsExactly("5511977790002");
  }

  @Test
  void manyOldEventsAreDeletedInSeveralShortTransactions() {
    long n = notification(OLD);
    oldEvents(n, "bulk-", "DONE", InboundRetention.BATCH + 3);

    retention.purge();

    assertThat(jdbc.sql("select count(*) from inbound_event where dedupe_key like 'bulk-%'").query(Long.class).single()).isZero();
    assertThat(notificationIds()).doesNotContain(n);
  }

  @Test
  void eventsKeptAtTheOldEndDoNotHideOlderHandledOnesBehindThem() {
    oldEvents(notification(OLD), "kept-", "FAILED", InboundRetention.BATCH + 3);
    long oldDone = event(notification(OLD), "old-done-after-failed", "DONE", OLD);
    long recentDone = event(notification(RECENT), "recent-done-after-failed", "DONE", RECENT);

    retention.purge();

    assertThat(eventIds()).doesNotContain(oldDone).contains(recentDone);
    assertThat(jdbc.sql("select count(*) from inbound_event where dedupe_key like 'kept-%'").query(Long.class).single())
        .isEqualTo(InboundRetention.BATCH + 3);
  }

  private void oldEvents(long notificationId, String keyPrefix, String status, int count) {
    jdbc.sql("""
            insert into inbound_event (notification_id, kind, dedupe_key, payload, status, attempts, next_attempt_at, received_at)
            select ?, 'STATUS', ? || x, '{}', ?, 1, ?, ? from system_range(1, ?)""")
        .params(notificationId, keyPrefix, status, Timestamp.from(OLD), Timestamp.from(OLD), count).update();
  }

  private long notification(Instant at) {
    GeneratedKeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("insert into webhook_notification (received_at, payload) values (?, '{}')").param(Timestamp.from(at)).update(keys, "id");
    return keys.getKey().longValue();
  }

  private long event(long notificationId, String key, String status, Instant at) {
    jdbc.sql("""
            insert into inbound_event (notification_id, kind, dedupe_key, payload, status, attempts, next_attempt_at, received_at)
            values (?, 'STATUS', ?, '{}', ?, 1, ?, ?)""")
        .params(notificationId, key, status, Timestamp.from(at), Timestamp.from(at)).update();
    return jdbc.sql("select id from inbound_event where dedupe_key = ?").param(key).query(Long.class).single();
  }

  private List<Long> eventIds() {
    return jdbc.sql("select id from inbound_event").query(Long.class).list();
  }

  private List<Long> notificationIds() {
    return jdbc.sql("select id from webhook_notification").query(Long.class).list();
  }
}
