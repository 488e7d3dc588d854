package io.atende.simulator;

import io.atende.whatsapp.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts notifications to the webhook the way Meta does: JSON escaped like Graph, signed with
 * {@code X-Hub-Signature-256} over exactly the bytes sent, one event per POST. Anything but a 200
 * is retried with a doubling delay; after the last retry the event is dropped (Meta drops it too).
 *
 * <p>Events for one customer go through one lane, in order; a retry waits outside the lane so that
 * it does not hold up later events (Meta does not guarantee order across retries either).
 */
final class WebhookClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookClient.class);
  private static final int LANES = 4;

  private final SimulatorProperties properties;
  private final Supplier<String> webhookUrl;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService[] lanes = new ExecutorService[LANES];
  private final HttpClient http;

  WebhookClient(SimulatorProperties properties, Supplier<String> webhookUrl, ScheduledExecutorService scheduler) {
    this.properties = properties;
    this.webhookUrl = webhookUrl;
    this.scheduler = scheduler;
    AtomicInteger counter = new AtomicInteger();
    for (int i = 0; i < LANES; i++) {
      lanes[i] = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "simulator-webhook-" + counter.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
    this.http = HttpClient.newBuilder()
        .connectTimeout(properties.webhookTimeout())
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /**
   * Queues one notification.
   *
   * @param laneKey events with the same key are posted in the order they were queued
   * @param notification the payload, serialized with {@link MetaJson}
   * @param kind what it is, for logs (no personal data)
   * @param outcome told once: true when the webhook answered 200, false when all attempts failed
   */
  void post(String laneKey, Object notification, String kind, Consumer<Boolean> outcome) {
    byte[] body = MetaJson.write(notification);
    String signature = WebhookSignature.sign(body, properties.appSecret());
    submit(new Delivery(laneKey, body, signature, kind, outcome), 0);
  }

  private record Delivery(String laneKey, byte[] body, String signature, String kind, Consumer<Boolean> outcome) {}

  private void submit(Delivery delivery, int attempt) {
    try {
      lanes[Math.floorMod(delivery.laneKey().hashCode(), LANES)].execute(() -> attempt(delivery, attempt));
    } catch (RejectedExecutionException e) {
      log.debug("Simulator stopped; {} notification dropped", delivery.kind());
    }
  }

  private void attempt(Delivery delivery, int attempt) {
    String url = webhookUrl.get();
    String problem;
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url))
          .timeout(properties.webhookTimeout())
          .header("Content-Type", "application/json")
          .header("User-Agent", "facebookexternalua")
          .header(WebhookSignature.HEADER, delivery.signature())
          .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
          .build();
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() == 200) {
        log.debug("Simulator {} notification delivered (attempt {})", delivery.kind(), attempt + 1);
        delivery.outcome().accept(true);
        return;
      }
      problem = "answered HTTP " + response.statusCode();
    } catch (IOException | IllegalArgumentException e) {
      problem = "failed: " + e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (attempt >= properties.webhookRetries()) {
      log.warn("Simulator {} notification dropped: webhook {} {} on the last of {} attempts", delivery.kind(), url,
          problem, attempt + 1);
      delivery.outcome().accept(false);
      return;
    }
    Duration delay = properties.webhookRetryDelay().multipliedBy(1L << Math.min(attempt, 16));
    log.warn("Simulator {} notification: webhook {} {} (attempt {} of {}); retrying in {} ms", delivery.kind(), url,
        problem, attempt + 1, properties.webhookRetries() + 1, delay.toMillis());
    try {
      scheduler.schedule(() -> submit(delivery, attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("Simulator stopped; {} notification dropped", delivery.kind());
    }
  }

  @Override
  public void close() {
    for (ExecutorService lane : lanes) {
      lane.shutdownNow();
    }
  }
}
