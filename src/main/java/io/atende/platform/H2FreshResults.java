package io.atende.platform;

import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns off the embedded H2 database's reuse of a query's last result ({@code OPTIMIZE_REUSE_RESULTS}), which can answer
 * a query with what was true before another transaction committed. H2 answers a query on a connection again from its
 * last result when the parameters are the same and the tables' modification counter has not moved since; a commit
 * moves that counter only after it has released its row locks (H2 2.3.232, {@code SessionLocal.commit}). A transaction
 * that waited for a row lock ({@code select ... for update}) and then reads what the lock's holder wrote can therefore
 * get the result from before that commit: two nodes reserving the messaging limit for one customer both counted
 * him (the second read "not counted yet" after taking the lock), so a 25-customer limit let 25 counts through for 24
 * customers (7 of 550 runs of {@code MessagingLimitsTwoNodesTest} on H2, and a third of the tries of
 * {@code H2FreshResultsTest}, without this). The setting is the database's, for all its connections, and is not kept
 * in the file: it is set at every start. PostgreSQL has no such cache and is left alone.
 */
@Component
public class H2FreshResults implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(H2FreshResults.class);

  private final DataSource dataSource;

  H2FreshResults(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void afterPropertiesSet() {
    if (Databases.isH2(dataSource)) {
      switchOff(dataSource);
      log.debug("H2: a query's last result is not reused (OPTIMIZE_REUSE_RESULTS FALSE)");
    }
  }

  /** For an H2 data source built outside the service's context (tests of two nodes on one database). */
  public static void switchOff(DataSource h2) {
    new JdbcTemplate(h2).execute("set optimize_reuse_results false");
  }
}
