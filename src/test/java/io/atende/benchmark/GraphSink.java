package io.atende.benchmark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A minimal Graph API stand-in that accepts every send the way Meta answers, and notes when each arrived. */
final class GraphSink implements AutoCloseable {

  private final HttpServer server;
  private final AtomicLong ids = new AtomicLong();
  final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
  /** Sends by their send key (Meta's biz_opaque_callback_data): a key seen twice is a message sent twice. */
  final java.util.Map<String, Integer> sendKeys = new java.util.concurrent.ConcurrentHashMap<>();
  private static final java.util.regex.Pattern SEND_KEY = java.util.regex.Pattern.compile("\"biz_opaque_callback_data\"\\s*:\\s*\"([^\"]*)\"");

  /** Answers after this round trip, as Meta does from afar; sends block a job thread for that long. */
  private final Duration latency;
  private final ScheduledExecutorService network = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("graph-sink-network-"));

  GraphSink(Duration latency) {
    this.latency = latency;
    // Without TCP_NODELAY the JDK server writes headers and body as two segments and the client's delayed
    // ACK holds the second one for 40 ms: every send would seem to take 40 ms longer than it does at Meta.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(8, new CustomizableThreadFactory("graph-sink-")));
    server.createContext("/", exchange -> {
      byte[] request = exchange.getRequestBody().readAllBytes();
      arrivals.add(System.nanoTime());
      java.util.regex.Matcher key = SEND_KEY.matcher(new String(request, StandardCharsets.UTF_8));
      if (key.find()) {
        sendKeys.merge(key.group(1), 1, Integer::sum);
      }
      if (latency.isZero()) {
        answer(exchange);
      } else {
        network.schedule(() -> answer(exchange), latency.toNanos(), TimeUnit.NANOSECONDS);
      }
    });
    server.start();
  }

  private void answer(HttpExchange exchange) {
    try (exchange) {
      byte[] body = ("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"x\",\"wa_id\":\"x\"}],"
          + "\"messages\":[{\"id\":\"wamid.BENCH" + ids.incrementAndGet() + "\"}]}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Send keys that arrived more than once. */
  long duplicateSends() {
    return sendKeys.values().stream().filter(n -> n > 1).count();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    network.shutdownNow();
  }
}
