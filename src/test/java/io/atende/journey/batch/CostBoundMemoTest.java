package io.atende.journey.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A batch's figures are counted again once the last count is ten times as old as it took to count. */
class CostBoundMemoTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final AtomicInteger counts = new AtomicInteger();
  private final CostBoundMemo<Long, Integer> memo = new CostBoundMemo<>(now::get);

  /** A count that takes {@code cost} nanoseconds. */
  private Integer count(long cost) {
    now.addAndGet(cost);
    return counts.incrementAndGet();
  }

  @Test
  void anExpensiveCountIsGivenAgainUntilItIsTenTimesAsOldAsItTook() {
    assertThat(memo.get(1L, () -> count(500))).isEqualTo(1);
    now.addAndGet(4_999);
    assertThat(memo.get(1L, () -> count(500))).as("younger than ten counts").isEqualTo(1);
    now.addAndGet(1);
    assertThat(memo.get(1L, () -> count(500))).as("as old as ten counts: counted again").isEqualTo(2);
  }

  @Test
  void aCheapCountIsCountedAgainAlmostEveryTimeAndEachBatchHasItsOwn() {
    assertThat(memo.get(1L, () -> count(1))).isEqualTo(1);
    assertThat(memo.get(2L, () -> count(1))).as("another batch").isEqualTo(2);
    now.addAndGet(10);
    assertThat(memo.get(1L, () -> count(1))).isEqualTo(3);
  }
}
