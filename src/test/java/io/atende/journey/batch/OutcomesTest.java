package io.atende.journey.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a chunk records its sends' outcomes: in groups, a few at once, never falling far behind the sends. */
class OutcomesTest {

  private final RecipientSender sender = mock(RecipientSender.class);
  private final List<List<RecipientSender.Sent>> groups = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger recordingNow = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();
  private final CountDownLatch databaseSlow = new CountDownLatch(1);
  private final ExecutorService sendThreads = Executors.newFixedThreadPool(8);
  private Outcomes outcomes;

  @BeforeEach
  void recordingThatTakesItsTime() {
    doAnswer(call -> {
      mostAtOnce.accumulateAndGet(recordingNow.incrementAndGet(), Math::max);
      try {
        databaseSlow.await(10, TimeUnit.SECONDS);
        groups.add(List.copyOf(call.getArgument(1)));
      } finally {
        recordingNow.decrementAndGet();
      }
      return null;
    }).when(sender).recordSent(any(), anyList());
    outcomes = new Outcomes(sender, null, new AtomicReference<>(), System::nanoTime, task -> { });
  }

  @AfterEach
  void stop() {
    databaseSlow.countDown();
    sendThreads.shutdownNow();
  }

  @Test
  void sendsThatEndRecordAtMostThreeGroupsAtOnceAndEveryOutcomeOnce() throws Exception {
    List<RecipientSender.Sent> sent = sent(1000);
    sent.forEach(outcomes::add);

    for (int i = 0; i < 8; i++) {
      sendThreads.execute(outcomes::recordIfIdle);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> recordingNow.get() == Outcomes.RECORDERS);
    // a fourth send that ends does not wait for a turn: it goes back to sending
    long before = System.nanoTime();
    outcomes.recordIfIdle();
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
    databaseSlow.countDown();
    outcomes.record();

    assertThat(mostAtOnce.get()).isEqualTo(Outcomes.RECORDERS);
    assertThat(groups).allSatisfy(group -> assertThat(group).hasSizeLessThanOrEqualTo(Outcomes.GROUP));
    Set<RecipientSender.Sent> recorded = Collections.newSetFromMap(new IdentityHashMap<>());
    groups.forEach(recorded::addAll);
    assertThat(recorded).hasSize(1000);
    assertThat(groups.stream().mapToInt(List::size).sum()).isEqualTo(1000);
  }

  @Test
  void moreThanThreeGroupsWaitingIsBehindAndTheDispatchCatchesUpAGroupItself() throws Exception {
    databaseSlow.countDown();
    sent(Outcomes.GROUP * Outcomes.RECORDERS).forEach(outcomes::add);
    assertThat(outcomes.behind()).isFalse();
    outcomes.add(sent(1).get(0));
    assertThat(outcomes.behind()).isTrue();

    outcomes.catchUp();

    assertThat(outcomes.behind()).isFalse();
    assertThat(groups).hasSize(1);
    assertThat(groups.get(0)).hasSize(Outcomes.GROUP);
  }

  @Test
  void theChunksEndWaitsForTheRecordersAtItAndLeavesNothingUnrecorded() throws Exception {
    sent(450).forEach(outcomes::add);
    sendThreads.execute(outcomes::recordIfIdle);
    await().atMost(Duration.ofSeconds(5)).until(() -> recordingNow.get() == 1);
    AtomicInteger endedAt = new AtomicInteger();
    var end = sendThreads.submit(() -> {
      outcomes.record();
      endedAt.set(groups.stream().mapToInt(List::size).sum());
      return null;
    });
    sent(30).forEach(outcomes::add);

    databaseSlow.countDown();
    end.get(10, TimeUnit.SECONDS);

    assertThat(endedAt.get()).isEqualTo(480);
  }

  @Test
  void aFewOutcomesWaitForOthersOrForTheirTimeBeforeTheyAreRecordedTogether() throws Exception {
    databaseSlow.countDown();
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    List<Runnable> looksLater = new ArrayList<>();
    Outcomes grouped = new Outcomes(sender, null, new AtomicReference<>(), now::get, looksLater::add);
    sent(3).forEach(grouped::add);

    grouped.recordIfIdle();
    assertThat(groups).as("three outcomes are not worth a transaction yet").isEmpty();

    // no other send ends (a slow number): the look scheduled when the first came records them once they waited enough
    assertThat(looksLater).hasSize(1);
    now.addAndGet(Outcomes.MAX_WAIT.toNanos());
    looksLater.get(0).run();
    assertThat(groups).hasSize(1);
    assertThat(groups.get(0)).hasSize(3);

    sent(Outcomes.MIN_GROUP).forEach(grouped::add);
    grouped.recordIfIdle();
    assertThat(groups).as("enough for a group at once").hasSize(2);
    assertThat(groups.get(1)).hasSize(Outcomes.MIN_GROUP);
  }

  private static List<RecipientSender.Sent> sent(int n) {
    List<RecipientSender.Sent> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sent.add(new RecipientSender.Sent(null, null));
    }
    return sent;
  }
}
