package io.atende.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** Cloud API throughput: at most {@code perSecond} messages per business number in any 1-second window. */
final class ThroughputLimiter {

  private static final long WINDOW_NANOS = 1_000_000_000L;

  private final int perSecond;
  private final LongSupplier nanoTime;
  private final Map<String, Deque<Long>> sends = new HashMap<>();

  ThroughputLimiter(int perSecond, LongSupplier nanoTime) {
    this.perSecond = perSecond;
    this.nanoTime = nanoTime;
  }

  /** Counts one message for the number, or answers false if the number is at its limit. */
  synchronized boolean tryAcquire(String phoneNumberId) {
    long now = nanoTime.getAsLong();
    Deque<Long> window = sends.computeIfAbsent(phoneNumberId, k -> new ArrayDeque<>());
    while (!window.isEmpty() && now - window.peekFirst() >= WINDOW_NANOS) {
      window.removeFirst();
    }
    if (window.size() >= perSecond) {
      return false;
    }
    window.addLast(now);
    return true;
  }
}
