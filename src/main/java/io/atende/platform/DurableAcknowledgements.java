package io.atende.platform;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Makes what the webhook committed durable before it answers Meta 200. PostgreSQL commits durably on its own, and so
 * does H2 in its default mode ({@code every-commit}: {@code WRITE_DELAY 0}). With {@code
 * atende.h2.durable-mode=acknowledgements} (experimental, see README) H2 keeps its lazy writer for every other commit
 * and the webhook asks for a {@code CHECKPOINT} after its group's commit: H2 writes every commit made so far to the
 * database file before the 200 (see {@link H2DurableCommits}).
 */
@Component
public class DurableAcknowledgements {

  private final JdbcTemplate jdbc;
  private final boolean checkpoint;
  private final boolean h2;

  DurableAcknowledgements(DataSource dataSource, @Value("${atende.h2.durable-commits:true}") boolean durable,
      @Value("${atende.h2.durable-mode:every-commit}") String mode) throws SQLException {
    this.jdbc = new JdbcTemplate(dataSource);
    try (Connection connection = dataSource.getConnection()) {
      this.h2 = "H2".equals(connection.getMetaData().getDatabaseProductName());
    }
    this.checkpoint = h2 && durable && "acknowledgements".equals(mode);
  }

  /** Whether the database is the embedded H2 (one node, whose MERGE does not wait for a concurrent insert). */
  public boolean embeddedH2() {
    return h2;
  }

  /** Writes what is committed to the database file (H2 in acknowledgement mode); nothing to do otherwise. */
  public void flush() {
    if (checkpoint) {
      jdbc.execute("CHECKPOINT");
    }
  }
}
