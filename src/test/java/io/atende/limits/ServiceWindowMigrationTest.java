package io.atende.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Timestamp;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V20 backfills the window per customer and number from the customers' messages already kept: the last message each
 * customer wrote to each number (system messages do not count, the business's own messages neither).
 */
class ServiceWindowMigrationTest {

  @Test
  void theWindowPerCustomerAndNumberIsBackfilledFromTheirMessages() {
    try (HikariDataSource db = new HikariDataSource()) {
      db.setJdbcUrl("jdbc:h2:mem:window-migration-test;DB_CLOSE_DELAY=-1");
      db.setUsername("sa");
      Flyway.configure().dataSource(db).locations("classpath:db/migration").target("10").load().migrate();
      JdbcClient jdbc = JdbcClient.create(db);
      Instant now = Instant.parse("2026-12-05T12:00:00Z");
      jdbc.sql("insert into customer (id, wa_id, last_inbound_at, created_at) values (1, '5511900000001', ?, ?)")
          .params(Timestamp.from(now), Timestamp.from(now)).update();
      message(jdbc, "A", "IN", "TEXT", now.minusSeconds(3_600));
      message(jdbc, "A", "IN", "TEXT", now.minusSeconds(60));
      message(jdbc, "A", "OUT", "TEXT", now);
      message(jdbc, "B", "IN", "TEXT", now.minusSeconds(30 * 3_600));
      message(jdbc, "B", "IN", "SYSTEM", now.minusSeconds(10));
      message(jdbc, "C", "OUT", "TEMPLATE", now);

      Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();

      ServiceWindows windows = new ServiceWindows(jdbc);
      assertThat(windows.of(1, "A").lastInboundAt()).isEqualTo(now.minusSeconds(60));
      assertThat(windows.of(1, "A").open(now)).isTrue();
      assertThat(windows.of(1, "B").lastInboundAt()).isEqualTo(now.minusSeconds(30 * 3_600));
      assertThat(windows.of(1, "B").open(now)).isFalse();
      assertThat(windows.of(1, "C").lastInboundAt()).isNull();

      windows.customerWrote(1, "B", now.minusSeconds(5));
      windows.customerWrote(1, "B", now.minusSeconds(500));
      windows.customerWrote(1, "C", now);
      assertThat(windows.of(1, "B").lastInboundAt()).as("never moves back").isEqualTo(now.minusSeconds(5));
      assertThat(windows.of(1, "C").open(now)).isTrue();
    }
  }

  private static void message(JdbcClient jdbc, String number, String direction, String type, Instant at) {
    jdbc.sql("""
            insert into chat_message (customer_id, phone_number_id, direction, type, status, sent_at)
            values (1, ?, ?, ?, 'DELIVERED', ?)""")
        .params(number, direction, type, Timestamp.from(at)).update();
  }
}
