package io.atende.platform;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Makes what the webhook committed durable before it answers Meta 200. PostgreSQL commits durably on its own. On the
 * embedded H2 database ({@code atende.h2.durable-mode=acknowledgements}, the default) H2 keeps its lazy writer for
 * every other commit and the webhook asks for a {@code CHECKPOINT} after its group's commit: H2 writes every commit
 * made so far to the database file before the 200 (see {@link H2DurableCommits}).
 */
@Component
public class DurableAcknowledgements {

  private final JdbcTemplate jdbc;
  private final boolean checkpoint;

  DurableAcknowledgements(DataSource dataSource, @Value("${atende.h2.durable-commits:true}") boolean durable,
      @Value("${atende.h2.durable-mode:acknowledgements}") String mode) throws SQLException {
    this.jdbc = new JdbcTemplate(dataSource);
    boolean h2;
    try (Connection connection = dataSource.getConnection()) {
      h2 = "H2".equals(connection.getMetaData().getDatabaseProductName());
    }
    this.checkpoint = h2 && durable && "acknowledgements".equals(mode);
  }

  /** Writes what is committed to the database file (H2 in acknowledgement mode); nothing to do otherwise. */
  public void flush() {
    if (checkpoint) {
      jdbc.execute("CHECKPOINT");
    }
  }
}
