package io.atende.platform;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Makes a commit on the embedded H2 database mean "written to the database file". By default H2 keeps committed
 * changes in memory and writes them from a background thread up to {@code WRITE_DELAY} (500 ms) later, and
 * further behind when the CPU is short: a process killed in that gap (kill -9, an out-of-memory kill, a power
 * cut of a container) loses transactions it had committed, among them webhook notifications already answered
 * 200, which Meta never sends again. {@code SET WRITE_DELAY 0} makes each commit write its changes to the file
 * before it returns (the operating system's cache; a kill of the process cannot lose them, a power failure of the
 * machine still can, see README). The setting is the database's and persists in the file. PostgreSQL commits
 * durably on its own and is left alone. {@code atende.h2.durable-commits=false} leaves H2's setting as it is: only
 * to measure what durability costs (README, Benchmark), never for a service whose acknowledgements count.
 */
@Component
@org.springframework.context.annotation.DependsOn("flywayInitializer")
class H2DurableCommits implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(H2DurableCommits.class);

  private final DataSource dataSource;
  private final boolean durable;

  H2DurableCommits(DataSource dataSource, @Value("${atende.h2.durable-commits:true}") boolean durable) {
    this.dataSource = dataSource;
    this.durable = durable;
  }

  @Override
  public void afterPropertiesSet() throws SQLException {
    if (!isH2()) {
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
    if (!"0".equals(current)) {
      jdbc.execute("set write_delay 0");
      log.info("H2: commits are written to the database file before they return (WRITE_DELAY was {}, now 0)", current);
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

  private boolean isH2() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return "H2".equals(connection.getMetaData().getDatabaseProductName());
    }
  }
}
