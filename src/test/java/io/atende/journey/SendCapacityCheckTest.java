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
}
