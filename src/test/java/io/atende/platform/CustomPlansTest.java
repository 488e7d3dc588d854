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

/** On PostgreSQL, a batch page's lookups are planned for their values, and only within the page's transaction. */
class CustomPlansTest {

  private static final String SCHEMA = "atende_custom_plans";
  private SingleConnectionDataSource dataSource;
  private JdbcClient jdbc;
  private TransactionTemplate transactions;

  @BeforeEach
  void schema() throws Exception {
    assumeTrue(LocalPostgres.answers(), "PostgreSQL at 127.0.0.1:5432");
    try (var connection = LocalPostgres.connect(); var statement = connection.createStatement()) {
      statement.execute("drop schema if exists " + SCHEMA + " cascade");
      statement.execute("create schema " + SCHEMA);
    }
    dataSource = new SingleConnectionDataSource(LocalPostgres.URL + "?currentSchema=" + SCHEMA, "postgres", "", true);
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
  void statementsOfTheTransactionArePlannedForTheirValuesAndTheConnectionGoesBackToCachedPlansAfterIt() {
    CustomPlans plans = new CustomPlans(jdbc, dataSource);

    String inside = transactions.execute(tx -> {
      plans.forThisTransaction();
      return mode();
    });
    String after = mode();

    // a generic plan made while the customers were few read the whole table for each page (242 ms a lookup at 30,000
    // customers, EXPLAIN ANALYZE in the batch benchmark's schema); planned for the values: 4.9 ms, or the index
    assertThat(inside).isEqualTo("force_custom_plan");
    // the connection goes back to the pool as it came: the engine's statements keep their cached plans
    assertThat(after).isEqualTo("auto");
  }

  @Test
  void outsideATransactionNothingChanges() {
    new CustomPlans(jdbc, dataSource).forThisTransaction();

    assertThat(mode()).isEqualTo("auto");
  }

  private String mode() {
    return jdbc.sql("show plan_cache_mode").query(String.class).single();
  }
}
