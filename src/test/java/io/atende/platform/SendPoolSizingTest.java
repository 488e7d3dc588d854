package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

/** The send path's pools follow the numbers' limits and the Graph API round trip, unless set by hand. */
class SendPoolSizingTest {

  private static final Log LOG = LogFactory.getLog(SendPoolSizingTest.class);

  @Test
  void jobThreadsAndConnectionsFollowTheNumbersLimitsTimesTheRoundTrip() {
    MockEnvironment environment = new MockEnvironment()
        .withProperty("atende.whatsapp.numbers[0].phone-number-id", "1")
        .withProperty("atende.whatsapp.numbers[0].messages-per-second", "1000")
        .withProperty("atende.whatsapp.numbers[1].phone-number-id", "2")
        .withProperty("atende.whatsapp.graph-round-trip", "150ms");
    new SendPoolSizing(LOG).postProcessEnvironment(environment, new SpringApplication());

    // (1,000 + 80 by default) × 0.15 s × 1.25
    assertThat(environment.getProperty("camunda.bpm.job-execution.core-pool-size", Integer.class)).isEqualTo(203);
    assertThat(environment.getProperty("camunda.bpm.job-execution.max-pool-size", Integer.class)).isEqualTo(203);
    assertThat(environment.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class)).isEqualTo(203 + 24);
    assertThat(environment.getProperty("spring.datasource.hikari.minimum-idle", Integer.class)).as("opened as needed").isEqualTo(10);
  }

  @Test
  void valuesSetByHandWin() {
    MockEnvironment environment = new MockEnvironment()
        .withProperty("atende.whatsapp.numbers[0].phone-number-id", "1")
        .withProperty("atende.whatsapp.numbers[0].messages-per-second", "1000")
        .withProperty("camunda.bpm.job-execution.max-pool-size", "64")
        .withProperty("camunda.bpm.job-execution.core-pool-size", "64");
    new SendPoolSizing(LOG).postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("camunda.bpm.job-execution.max-pool-size", Integer.class)).isEqualTo(64);
    assertThat(environment.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class)).as("follows the threads set")
        .isEqualTo(64 + 24);
  }

  @Test
  void aNumberAtTheDefaultRateKeepsTheSixteenThreadsFloor() {
    assertThat(SendPoolSizing.jobThreads(80, Duration.ofMillis(200))).isEqualTo(20);
    assertThat(SendPoolSizing.jobThreads(10, Duration.ofMillis(200))).isEqualTo(16);
  }

  @Test
  void thePoolStaysWithinTheConnectionsTheDatabaseGrantsAndTheJobThreadsLeaveTheOthersTheirShare() {
    MockEnvironment environment = new MockEnvironment()
        .withProperty("atende.whatsapp.numbers[0].phone-number-id", "1")
        .withProperty("atende.whatsapp.numbers[0].messages-per-second", "1000")
        .withProperty("atende.database.max-connections", "60");
    new SendPoolSizing(LOG).postProcessEnvironment(environment, new SpringApplication());

    // 250 threads wanted; 60 connections: 36 threads, 24 for the lanes, the webhook and the sends' own records
    assertThat(environment.getProperty("camunda.bpm.job-execution.max-pool-size", Integer.class)).isEqualTo(36);
    assertThat(environment.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class)).isEqualTo(60);
    assertThat(SendPoolSizing.threadsWithin(30)).as("a small share: half of it").isEqualTo(15);
  }

  @Test
  void onPostgreSqlEachNodeTakesItsShareOfTheServersMaxConnections() throws Exception {
    String url = LocalPostgres.URL;
    int granted;
    try (Connection c = DriverManager.getConnection(url, "postgres", null);
        ResultSet r = c.createStatement().executeQuery(
            "select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int")) {
      r.next();
      granted = r.getInt(1);
    }
    MockEnvironment environment = new MockEnvironment()
        .withProperty("spring.datasource.url", url)
        .withProperty("spring.datasource.username", "postgres")
        .withProperty("atende.whatsapp.numbers[0].phone-number-id", "1")
        .withProperty("atende.whatsapp.numbers[0].messages-per-second", "1000")
        .withProperty("atende.cluster.nodes", "2");
    new SendPoolSizing(LOG).postProcessEnvironment(environment, new SpringApplication());

    int share = (granted - 10) / 2;
    int pool = environment.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class);
    int threads = environment.getProperty("camunda.bpm.job-execution.max-pool-size", Integer.class);
    assertThat(pool).isEqualTo(share);
    assertThat(threads).isEqualTo(SendPoolSizing.threadsWithin(share)).isLessThan(pool);
    assertThat(environment.getProperty(SendPoolSizing.CONNECTION_BUDGET, Integer.class)).isEqualTo(share);
  }

  @Test
  void anUnreachableDatabaseLeavesTheSizesOfTheNumbers() {
    MockEnvironment environment = new MockEnvironment()
        .withProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/nothing")
        .withProperty("atende.whatsapp.numbers[0].phone-number-id", "1")
        .withProperty("atende.whatsapp.numbers[0].messages-per-second", "80");
    new SendPoolSizing(LOG).postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("camunda.bpm.job-execution.max-pool-size", Integer.class)).isEqualTo(20);
    assertThat(environment.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class)).isEqualTo(44);
  }
}
