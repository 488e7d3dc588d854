package io.atende.platform;

import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells PostgreSQL to read a batch page's lookups and updates (a few hundred keys, each on a unique or indexed column) through
 * their indexes. A prepared statement PostgreSQL has run a few times gets a generic plan that it keeps while the
 * connection lives: planned while a table was still small (a fresh installation's first batch, with few customers
 * yet, and no ANALYZE since), a page's {@code in (…)} lookup read the whole table and compared each row with every
 * value of the list, and kept doing so as the table grew (242 ms a lookup at 30,000 customers, EXPLAIN ANALYZE; the
 * batch went at 250 sends/s, waiting on these scans); likewise the outcome group's updates by key (a group's
 * "recipient sent" updates read the whole batch each: at 1,000/s the outcomes fell behind the sends and a chunk's end
 * waited 12 s for them). An index lookup is right for such a page at any table size. Statements that also exist as
 * one-row statements elsewhere carry {@link JdbcBatches#OWN_PLAN}, so that their plan is made here.
 * H2 (the embedded database) has hints of its own ({@code H2PlanHints}); nothing is done there.
 */
@Component
public class IndexedLookups {

  private final JdbcClient jdbc;
  private final boolean postgres;

  IndexedLookups(JdbcClient jdbc, DataSource dataSource) {
    this.jdbc = jdbc;
    this.postgres = !Databases.isH2(dataSource);
  }

  /** For the rest of the running transaction (nothing outside one, nothing on H2). */
  public void forThisTransaction() {
    if (postgres && TransactionSynchronizationManager.isActualTransactionActive()) {
      jdbc.sql("set local enable_seqscan = off").update();
    }
  }
}
