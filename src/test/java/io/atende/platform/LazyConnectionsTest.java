package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

class LazyConnectionsTest {

  private final CountingPool pool = new CountingPool();
  private final DataSource dataSource = (DataSource) new LazyConnections().postProcessAfterInitialization(pool, "dataSource");
  private final TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

  @Test
  void transactionThatRunsNoStatementBorrowsNoConnection() {
    transaction.executeWithoutResult(status -> query()); // the proxy reads the pool's defaults once
    int borrowed = pool.borrowed.get();

    transaction.executeWithoutResult(status -> { });

    assertThat(pool.borrowed).hasValue(borrowed);
  }

  @Test
  void transactionThatRunsAStatementBorrowsOneConnectionAndCommits() {
    transaction.executeWithoutResult(status -> query());
    int borrowed = pool.borrowed.get();

    transaction.executeWithoutResult(status -> new JdbcTemplate(dataSource).update("insert into note values ('kept')"));

    assertThat(pool.borrowed).hasValue(borrowed + 1);
    assertThat(new JdbcTemplate(dataSource).queryForObject("select count(*) from note", Integer.class)).isEqualTo(1);
  }

  private void query() {
    new JdbcTemplate(dataSource).execute("create table if not exists note (text varchar(20))");
  }

  /** Stands in for the connection pool and counts what is taken from it. */
  private static final class CountingPool extends DelegatingDataSource {

    final AtomicInteger borrowed = new AtomicInteger();

    CountingPool() {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:lazy-connections-" + System.identityHashCode(this) + ";DB_CLOSE_DELAY=-1");
      setTargetDataSource(h2);
    }

    @Override
    public Connection getConnection() throws SQLException {
      borrowed.incrementAndGet();
      return super.getConnection();
    }
  }
}
