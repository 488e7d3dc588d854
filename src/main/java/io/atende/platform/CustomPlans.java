package io.atende.platform;

import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Asks PostgreSQL to plan the running transaction's statements for their actual values and the tables' current size.
 * A prepared statement PostgreSQL has run a few times gets a generic plan that it keeps while the connection lives:
 * planned while a table was still small (a fresh installation's first batch, with few customers yet), a page's
 * {@code in (…)} lookup reads the whole table and compares each row with every value of the list, and keeps doing so
 * as the table grows to tens of thousands of rows (a batch then went at 250 sends/s, waiting on these scans), until an
 * ANALYZE of the table, if autovacuum runs at all. A page's few lookups are worth planning each time. H2 (the embedded
 * database) has hints of its own ({@code H2PlanHints}); nothing is done there.
 */
@Component
public class CustomPlans {

  private final JdbcClient jdbc;
  private final boolean postgres;

  CustomPlans(JdbcClient jdbc, DataSource dataSource) {
    this.jdbc = jdbc;
    this.postgres = !Databases.isH2(dataSource);
  }

  /** For the rest of the running transaction (nothing outside one, nothing on H2). */
  public void forThisTransaction() {
    if (postgres && TransactionSynchronizationManager.isActualTransactionActive()) {
      jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
    }
  }
}
