package io.atende.journey.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.atende.platform.MigratedDatabases;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A page of a batch reads the page, not the rest of the batch: on H2 the next queued recipients and the first bad rows
 * are read through their index in order and the read stops after the page (H2's own count of the rows it scanned).
 */
class BatchPagesPlanTest {

  private static final int ROWS = 5000;
  private static final int PAGE = 250;

  @Test
  void theNextPageOfQueuedRecipientsReadsAboutAPageOfRowsWhereverItStarts() throws Exception {
    JdbcTemplate jdbc = batchOf(ROWS);
    for (int after : new int[] {0, 2000, 4500}) {
      assertThat(scanned(jdbc, BatchStore.QUEUED_AFTER.formatted(PAGE), 1, after))
          .as("rows read for the page after row " + after).isLessThanOrEqualTo(PAGE + 1);
    }
  }

  @Test
  void theFirstBadRowsOfABatchReadOnlyThoseRows() throws Exception {
    JdbcTemplate jdbc = batchOf(0);
    jdbc.batchUpdate("insert into batch_row_problem (batch_id, row_number, phone, reason) values (1, ?, '1', 'Telefone inválido')",
        java.util.stream.IntStream.rangeClosed(2, ROWS + 1).mapToObj(i -> new Object[] {i}).toList());
    assertThat(scanned(jdbc, BatchStore.PROBLEMS.formatted(50), 1)).isLessThanOrEqualTo(51);
  }

  private static JdbcTemplate batchOf(int recipients) throws Exception {
    DataSource h2 = MigratedDatabases.fresh("h2", "batch-pages-plan");
    JdbcTemplate jdbc = new JdbcTemplate(h2);
    jdbc.update("""
        insert into batch_send (id, title, phone_number_id, template_name, template_language, status, total, invalid, in_service,
          created_by, created_at) values (1, 'Plano', '106540352242922', 'recontato', 'pt_BR', 'RUNNING', ?, 0, 0, 'ana', ?)""",
        recipients, Timestamp.from(Instant.now()));
    jdbc.batchUpdate("insert into batch_recipient (batch_id, row_number, wa_id, name, variables, status) values (1, ?, ?, 'Ana', '[]', 'QUEUED')",
        java.util.stream.IntStream.rangeClosed(2, recipients + 1).mapToObj(i -> new Object[] {i, "5511" + (900000000 + i)}).toList());
    // sent recipients among the queued ones, as in a batch under way
    jdbc.update("update batch_recipient set status = 'SENT' where batch_id = 1 and mod(row_number, 3) = 0");
    return jdbc;
  }

  /** H2's count of the rows the statement read with these parameters (EXPLAIN ANALYZE). */
  private static int scanned(JdbcTemplate jdbc, String sql, Object... parameters) {
    String plan = jdbc.queryForObject("explain analyze " + sql, String.class, parameters);
    Matcher count = Pattern.compile("scanCount: (\\d+)").matcher(plan);
    assertThat(count.find()).as(plan).isTrue();
    return Integer.parseInt(count.group(1));
  }
}
