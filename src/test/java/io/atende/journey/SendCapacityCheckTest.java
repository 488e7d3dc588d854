package io.atende.journey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendCapacityCheckTest {

  @Test
  void defaultSixteenThreadsKeepUpWithTheDefaultEightyMessagesASecond() {
    assertThat(SendCapacityCheck.shortfall(16, 80)).isEmpty();
  }

  @Test
  void numberAllowedAThousandMessagesASecondNeedsMoreJobThreads() {
    assertThat(SendCapacityCheck.shortfall(16, 1000)).hasValueSatisfying(warning -> assertThat(warning)
        .contains("16 threads send about 80 messages/s")
        .contains("allowed 1000 messages/s")
        .contains("max-pool-size to about 200"));
  }

  @Test
  void whenTheDatabaseCapsTheThreadsTheWarningNamesItsConnectionsInsteadOfThePoolSettings() {
    assertThat(SendCapacityCheck.databaseShortfall(63, 1000, java.time.Duration.ofMillis(200), 87))
        .hasValueSatisfying(warning -> assertThat(warning)
            .contains("grants this node 87 connections, which carry 63 job threads")
            .contains("about 315 messages/s")
            .contains("max_connections"));
    assertThat(SendCapacityCheck.databaseShortfall(63, 80, java.time.Duration.ofMillis(200), 87)).isEmpty();
  }
}
