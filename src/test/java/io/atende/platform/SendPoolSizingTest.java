package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

/** The send path's pools follow the numbers' limits and the Graph API round trip, unless set by hand. */
class SendPoolSizingTest {

  @Test
  void jobThreadsAndConnectionsFollowTheNumbersLimitsTimesTheRoundTrip() {
    MockEnvironment environment = new MockEnvironment()
        .withProperty("atende.whatsapp.numbers[0].phone-number-id", "1")
        .withProperty("atende.whatsapp.numbers[0].messages-per-second", "1000")
        .withProperty("atende.whatsapp.numbers[1].phone-number-id", "2")
        .withProperty("atende.whatsapp.graph-round-trip", "150ms");
    new SendPoolSizing().postProcessEnvironment(environment, new SpringApplication());

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
    new SendPoolSizing().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("camunda.bpm.job-execution.max-pool-size", Integer.class)).isEqualTo(64);
    assertThat(environment.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class)).as("follows the threads set")
        .isEqualTo(64 + 24);
  }

  @Test
  void aNumberAtTheDefaultRateKeepsTheSixteenThreadsFloor() {
    assertThat(SendPoolSizing.jobThreads(80, Duration.ofMillis(200))).isEqualTo(20);
    assertThat(SendPoolSizing.jobThreads(10, Duration.ofMillis(200))).isEqualTo(16);
  }
}
