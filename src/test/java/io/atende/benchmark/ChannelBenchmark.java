package io.atende.benchmark;

import static org.awaitility.Awaitility.await;

import io.atende.AtendeApplication;
import io.atende.journey.ConversationProcess;
import io.atende.whatsapp.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * Drives N signed inbound messages from M customers at a running service over HTTP and prints webhook
 * acknowledgement latency, accepted and processed messages per second and end-to-end replies per
 * second (webhook in → reply leaving for the Graph API), then the bare engine's rate of starting the
 * same process without HTTP or Camel. Run with {@code mvn -Pbenchmark verify} (see README).
 */
@Tag("benchmark")
class ChannelBenchmark {

  private static final int MESSAGES = Integer.getInteger("bench.messages", 5000);
  private static final int CUSTOMERS = Integer.getInteger("bench.customers", 500);
  private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
  private static final int BARE_INSTANCES = Integer.getInteger("bench.bare", 2000);
  private static final String SECRET = "bench-secret";

  private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(CONCURRENCY)).build();

  @Test
  void measure() throws Exception {
    Path dir = Path.of("target/benchmark");
    FileSystemUtils.deleteRecursively(dir);
    Files.createDirectories(dir);
    try (GraphSink sink = new GraphSink(); ConfigurableApplicationContext app = start(sink, dir)) {
      int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
      JdbcClient jdbc = app.getBean(JdbcClient.class);
      System.out.printf("%nAtende benchmark: %d messages from %d customers, %d concurrent senders, H2 file database%n",
          MESSAGES, CUSTOMERS, CONCURRENCY);
      drive(port, 200, "warmup");
      awaitProcessed(jdbc, Duration.ofMinutes(2));
      sink.arrivals.clear();
      long processedBefore = processed(jdbc);

      long start = System.nanoTime();
      List<Long> acks = drive(port, MESSAGES, "run");
      long accepted = System.nanoTime();
      awaitProcessed(jdbc, Duration.ofMinutes(10));
      long done = System.nanoTime();
      long replies = awaitReplies(sink, Duration.ofSeconds(30));
      long lastReply = sink.arrivals.stream().mapToLong(Long::longValue).max().orElse(done);

      Collections.sort(acks);
      System.out.printf("webhook ack latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          ms(acks.get(acks.size() / 2)), ms(acks.get((int) (acks.size() * 0.99))), ms(acks.get(acks.size() - 1)));
      System.out.printf("accepted: %.0f messages/s%n", MESSAGES / seconds(accepted - start));
      System.out.printf("processed (recorded + journey moved): %.0f messages/s (%d events)%n",
          (processed(jdbc) - processedBefore) / seconds(done - start), processed(jdbc) - processedBefore);
      System.out.printf("end to end (replies leaving for the Graph API): %d replies, %.0f replies/s%n",
          replies, replies / seconds(lastReply - start));
      System.out.printf("lost: %d (events not processed), failed: %d%n", pending(jdbc), failed(jdbc));
      bareEngine(app.getBean(RuntimeService.class));
      Runtime rt = Runtime.getRuntime();
      System.gc();
      System.out.printf("heap used after run: %d MB (max %d MB)%n%n", (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
    }
  }

  private static ConfigurableApplicationContext start(GraphSink sink, Path dir) {
    // command-line arguments, since they outrank application.yml
    return new SpringApplicationBuilder(AtendeApplication.class).run(
            "--server.port=0",
            "--spring.datasource.url=jdbc:h2:file:" + dir.toAbsolutePath() + "/db;DB_CLOSE_ON_EXIT=FALSE",
            "--atende.simulator.enabled=false",
            "--atende.whatsapp.api-base-url=" + sink.baseUrl(),
            "--atende.whatsapp.app-secret=" + SECRET,
            "--atende.whatsapp.media-directory=" + dir.resolve("media"),
            "--atende.whatsapp.numbers[0].phone-number-id=106540352242922",
            "--atende.whatsapp.numbers[0].display-phone-number=5511940000000",
            "--atende.whatsapp.numbers[0].messages-per-second=1000",
            "--logging.level.root=WARN",
            "--logging.level.io.atende=WARN",
            "--logging.level.org.camunda.bpm.engine.jobexecutor=OFF",
            "--logging.level.org.camunda.bpm.engine.context=OFF");
  }

  private List<Long> drive(int port, int count, String prefix) throws Exception {
    URI uri = URI.create("http://localhost:" + port + "/webhooks/whatsapp");
    ExecutorService senders = Executors.newFixedThreadPool(CONCURRENCY);
    AtomicInteger next = new AtomicInteger();
    List<Future<List<Long>>> futures = new ArrayList<>();
    long epoch = Instant.now().getEpochSecond();
    for (int t = 0; t < CONCURRENCY; t++) {
      futures.add(senders.submit(() -> {
        List<Long> latencies = new ArrayList<>();
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
          byte[] body = notification(prefix, i, epoch).getBytes(StandardCharsets.UTF_8);
          HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
              .header(WebhookSignature.HEADER, WebhookSignature.sign(body, SECRET))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
          long t0 = System.nanoTime();
          HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
          latencies.add(System.nanoTime() - t0);
          if (response.statusCode() != 200) {
            throw new IllegalStateException("webhook answered " + response.statusCode());
          }
        }
        return latencies;
      }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : futures) {
      all.addAll(f.get());
    }
    senders.shutdown();
    return all;
  }

  private static String notification(String prefix, int i, long epoch) {
    String waId = "55119" + String.format("%08d", i % CUSTOMERS);
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{\
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"5511940000000","phone_number_id":"106540352242922"},\
        "contacts":[{"profile":{"name":"Cliente %d"},"wa_id":"%s"}],\
        "messages":[{"from":"%s","id":"wamid.%s-%d","timestamp":"%d","type":"text","text":{"body":"oi"}}]}}]}]}"""
        .formatted(i % CUSTOMERS, waId, waId, prefix, i, epoch + i / CUSTOMERS);
  }

  private static void awaitProcessed(JdbcClient jdbc, Duration max) {
    await().atMost(max).pollInterval(Duration.ofMillis(20)).until(() -> pending(jdbc) == 0);
  }

  /** Waits until no reply has arrived for a second: the async sends have drained. */
  private static long awaitReplies(GraphSink sink, Duration max) {
    AtomicInteger last = new AtomicInteger(-1);
    await().atMost(max).pollInterval(Duration.ofSeconds(1)).until(() -> last.getAndSet(sink.arrivals.size()) == sink.arrivals.size());
    return last.get();
  }

  private void bareEngine(RuntimeService runtime) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < CONCURRENCY; t++) {
      futures.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < BARE_INSTANCES; i = next.getAndIncrement()) {
          runtime.startProcessInstanceByKey(ConversationProcess.KEY, "bare-" + i,
              Variables.createVariables().putValue(ConversationProcess.Variables.CONVERSATION_ID, -1L - i));
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    System.out.printf("bare engine (no HTTP, no Camel): %.0f process starts/s%n", BARE_INSTANCES / seconds(System.nanoTime() - start));
  }

  private static long processed(JdbcClient jdbc) {
    return jdbc.sql("select count(*) from inbound_event where status = 'DONE'").query(Long.class).single();
  }

  private static long pending(JdbcClient jdbc) {
    return jdbc.sql("select count(*) from inbound_event where status = 'PENDING'").query(Long.class).single();
  }

  private static long failed(JdbcClient jdbc) {
    return jdbc.sql("select count(*) from inbound_event where status = 'FAILED'").query(Long.class).single();
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
