package io.atende.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThroughputLimiterTest {

  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final ThroughputLimiter limiter = new ThroughputLimiter(3, now::get);

  @Test
  void sendsOverTheLimitWithinOneSecondAreRefused() {
    assertThat(limiter.tryAcquire("n1")).isTrue();
    assertThat(limiter.tryAcquire("n1")).isTrue();
    assertThat(limiter.tryAcquire("n1")).isTrue();
    assertThat(limiter.tryAcquire("n1")).isFalse();
  }

  @Test
  void windowSlidesSoCapacityReturnsOneSecondAfterEachSend() {
    limiter.tryAcquire("n1");
    now.addAndGet(400_000_000L);
    limiter.tryAcquire("n1");
    limiter.tryAcquire("n1");
    now.addAndGet(599_000_000L);
    assertThat(limiter.tryAcquire("n1")).as("first send is 999 ms old").isFalse();
    now.addAndGet(1_000_000L);
    assertThat(limiter.tryAcquire("n1")).as("first send left the window").isTrue();
    assertThat(limiter.tryAcquire("n1")).isFalse();
  }

  @Test
  void eachNumberHasItsOwnLimit() {
    for (int i = 0; i < 3; i++) {
      limiter.tryAcquire("n1");
    }
    assertThat(limiter.tryAcquire("n1")).isFalse();
    assertThat(limiter.tryAcquire("n2")).isTrue();
  }

  @Test
  void refusedSendsDoNotUseCapacity() {
    for (int i = 0; i < 10; i++) {
      limiter.tryAcquire("n1");
    }
    now.addAndGet(1_000_000_000L);
    assertThat(limiter.tryAcquire("n1")).isTrue();
    assertThat(limiter.tryAcquire("n1")).isTrue();
    assertThat(limiter.tryAcquire("n1")).isTrue();
  }
}
