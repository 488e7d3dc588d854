package io.atende.platform;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The embedded H2 database's durability. H2 keeps committed changes in memory and writes them from a background thread
 * up to {@code WRITE_DELAY} (500 ms) later, and further behind when the CPU is short: a process killed in that gap
 * (kill -9, an out-of-memory kill) loses transactions it had committed, among them webhook notifications already
 * answered 200, which Meta never sends again. With {@code atende.h2.durable-mode=acknowledgements} (the default) H2
 * keeps that writer, and what the outside world is told or sent is written to the file first ({@link
 * DurableAcknowledgements}, a {@code CHECKPOINT}): the webhook's notifications before their 200, a send's record
 * before the message leaves, integration events before a route delivers them. Other commits may be undone by a kill
 * (their last half second), which the service redoes from the stored notifications and jobs. {@code every-commit} sets
 * {@code WRITE_DELAY 0}: each commit writes the file before it returns (slower: README, Benchmark). Both write to the
 * operating system's cache (a kill of the process cannot lose them, a power failure of the machine still can). The
 * setting is the database's and persists in the file, so it is set at every start. PostgreSQL commits durably on its
 * own and is left alone. {@code atende.h2.durable-commits=false} leaves H2 as it is: only to measure what durability
 * costs. At every start, H2's identity columns continue after their highest id (below).
 */
@Component
@org.springframework.context.annotation.DependsOn("flywayInitializer")
class H2DurableCommits implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(H2DurableCommits.class);

  private final DataSource dataSource;
  private final boolean durable;

  private final String mode;

  H2DurableCommits(DataSource dataSource, @Value("${atende.h2.durable-commits:true}") boolean durable,
      @Value("${atende.h2.durable-mode:acknowledgements}") String mode) {
    this.mode = mode;
    this.dataSource = dataSource;
    this.durable = durable;
  }

  @Override
  public void afterPropertiesSet() throws SQLException {
    if (!Databases.isH2(dataSource)) {
      return;
    }
    if (!durable) {
      log.warn("H2: atende.h2.durable-commits=false: commits may be lost by a crash up to H2's WRITE_DELAY after they returned");
      return;
    }
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    restartIdentitiesAboveTheirRows(jdbc);
    String current = jdbc.query("select setting_value from information_schema.settings where setting_name = 'WRITE_DELAY'",
        rs -> rs.next() ? rs.getString(1) : null);
    String wanted = "every-commit".equals(mode) ? "0" : "500";
    if (!wanted.equals(current)) {
      jdbc.execute("set write_delay " + wanted);
      log.info("H2: WRITE_DELAY was {}, now {} ({})", current, wanted, "0".equals(wanted)
          ? "every commit is written to the database file before it returns"
          : "the webhook writes its commits to the file before it answers; other commits follow within 0.5 s");
    }
  }

  /**
   * A kill can leave an identity column's counter behind the rows already committed (H2 keeps the counter's progress
   * apart from the rows), so the next insert would get an id taken before the crash (a duplicate key: the webhook
   * answers 500 to notifications Meta then sends again and again). At every start each identity column of ours
   * continues after its highest id.
   */
  private static void restartIdentitiesAboveTheirRows(JdbcTemplate jdbc) {
    var columns = jdbc.queryForList("""
        select table_name, column_name from information_schema.columns
        where table_schema = current_schema and is_identity = 'YES'""");
    for (var column : columns) {
      String table = (String) column.get("TABLE_NAME");
      String name = (String) column.get("COLUMN_NAME");
      Long max = jdbc.queryForObject("select max(\"" + name + "\") from \"" + table + "\"", Long.class);
      if (max != null) {
        jdbc.execute("alter table \"" + table + "\" alter column \"" + name + "\" restart with " + (max + 1));
      }
    }
    log.debug("H2: {} identity column(s) continue after their highest id", columns.size());
  }
}
