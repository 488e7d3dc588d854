package io.atende.journey.batch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Answers that cost what they cost, reused while they are young compared with that cost: an answer that took {@code t}
 * to compute is given again until it is {@value #FACTOR} × {@code t} old, so asking for it costs at most a tenth of a
 * core however often and by however many it is asked. A batch's figures count every recipient (50 ms for 10,000 on H2,
 * about half a second for 100,000): the page asks every 2 s for the batch it follows, and each viewer more. A small
 * batch's figures (a millisecond) stay fresh to within 10 ms; a 100,000-recipient batch's are at most about 5 s old.
 */
final class CostBoundMemo<K, V> {

  static final int FACTOR = 10;

  private record Answer<V>(V value, long computedAt, long cost) {}

  private final Map<K, Answer<V>> answers = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;

  CostBoundMemo() {
    this(System::nanoTime);
  }

  CostBoundMemo(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  V get(K key, Supplier<V> compute) {
    long asked = nanoTime.getAsLong();
    Answer<V> known = answers.get(key);
    if (known != null && asked - known.computedAt() < FACTOR * known.cost()) {
      return known.value();
    }
    V value = compute.get();
    long done = nanoTime.getAsLong();
    answers.put(key, new Answer<>(value, done, done - asked));
    return value;
  }
}
