package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** On PostgreSQL, a batch page's lookups go through indexes, and only within the page's transaction. */
class IndexedLookupsTest {

  private static final String SCHEMA = "atende_indexed_lookups";
  private SingleConnectionDataSource dataSource;
  private JdbcClient jdbc;
  private TransactionTemplate transactions;

  @BeforeEach
  void schema() throws Exception {
    assumeTrue(LocalPostgres.answers(), "PostgreSQL at 127.0.0.1:5432");
    dataSource = LocalPostgres.freshSchemaDataSource(SCHEMA);
    jdbc = JdbcClient.create(dataSource);
    transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  @AfterEach
  void close() {
    if (dataSource != null) {
      dataSource.destroy();
    }
  }

  @Test
  void lookupsOfTheTransactionGoThroughIndexesAndTheConnectionGoesBackAsItCameAfterIt() {
    IndexedLookups plans = new IndexedLookups(jdbc, dataSource);

    String inside = transactions.execute(tx -> {
      plans.forThisTransaction();
      return mode();
    });
    String after = mode();

    // a generic plan made while the customers were few read the whole table for each page (242 ms a lookup at 30,000
    // customers, EXPLAIN ANALYZE in the batch benchmark's schema)
    assertThat(inside).isEqualTo("off");
    // the connection goes back to the pool as it came
    assertThat(after).isEqualTo("on");
  }

  @Test
  void outsideATransactionNothingChanges() {
    new IndexedLookups(jdbc, dataSource).forThisTransaction();

    assertThat(mode()).isEqualTo("on");
  }

  private String mode() {
    return jdbc.sql("show enable_seqscan").query(String.class).single();
  }
}
