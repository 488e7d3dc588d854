package io.atende.benchmark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal Graph API stand-in that accepts every send the way Meta answers, and notes when each arrived. In the
 * benchmark's JVM, or in a process of its own ({@link #main}, {@link GraphSinkProcess}): Meta's servers do not share the
 * service's heap, garbage collector and CPU accounting.
 */
final class GraphSink implements GraphStandIn {

  private final HttpServer server;
  private final AtomicLong ids = new AtomicLong();
  final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
  /** Sends by their send key (Meta's biz_opaque_callback_data): a key seen twice is a message sent twice. */
  final java.util.Map<String, Integer> sendKeys = new java.util.concurrent.ConcurrentHashMap<>();
  private static final java.util.regex.Pattern TO = java.util.regex.Pattern.compile("\"to\"\\s*:\\s*\"([^\"]*)\"");
  private static final java.util.regex.Pattern SEND_KEY = java.util.regex.Pattern.compile("\"biz_opaque_callback_data\"\\s*:\\s*\"([^\"]*)\"");

  /** Answers after this round trip, as Meta does from afar; sends block a job thread for that long. */
  private final Duration latency;
  private final ScheduledExecutorService network = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("graph-sink-network-"));

  GraphSink(Duration latency) {
    this.latency = latency;
    // Without TCP_NODELAY the JDK server writes headers and body as two segments and the client's delayed
    // ACK holds the second one for 40 ms: every send would seem to take 40 ms longer than it does at Meta.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    // The JDK server closes idle connections beyond 200: with 250 sends in flight at 1,000/s, the client then wrote
    // requests into connections the server had closed (NoHttpResponseException), which Meta's servers do not do to a
    // busy client; such a send's outcome is unknown and is not repeated at once (GraphErrors.mayResend)
    System.setProperty("sun.net.httpserver.maxIdleConnections", "2000");
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(8, new CustomizableThreadFactory("graph-sink-")));
    server.createContext("/", exchange -> {
      String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      arrivals.add(System.nanoTime());
      java.util.regex.Matcher key = SEND_KEY.matcher(request);
      if (key.find()) {
        sendKeys.merge(key.group(1), 1, Integer::sum);
      }
      java.util.regex.Matcher to = TO.matcher(request);
      // Meta answers the recipient's WhatsApp id (here: the number as sent)
      String waId = to.find() ? to.group(1).replace("+", "") : "";
      if (latency.isZero()) {
        answer(exchange, waId);
      } else {
        network.schedule(() -> answer(exchange, waId), latency.toNanos(), TimeUnit.NANOSECONDS);
      }
    });
    server.start();
  }

  private void answer(HttpExchange exchange, String waId) {
    try (exchange) {
      byte[] body = ("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + waId + "\",\"wa_id\":\"" + waId + "\"}],"
          + "\"messages\":[{\"id\":\"wamid.BENCH" + ids.incrementAndGet() + "\"}]}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Send keys that arrived more than once. */
  @Override
  public long duplicateSends() {
    return sendKeys.values().stream().filter(n -> n > 1).count();
  }

  @Override
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void clear() {
    arrivals.clear();
    sendKeys.clear();
  }

  @Override
  public List<Long> arrivals() {
    return new ArrayList<>(arrivals);
  }

  @Override
  public int sendKeys() {
    return sendKeys.size();
  }

  /**
   * The stand-in as a process of its own: {@code GraphSink <round trip in ms>}. Prints {@value #PORT_LINE} and its port,
   * answers the benchmark under {@code /__bench/} (arrivals, send keys, clear) and ends when its standard input closes.
   */
  public static void main(String[] args) throws IOException {
    GraphSink sink = new GraphSink(Duration.ofMillis(Long.parseLong(args[0])));
    sink.server.createContext("/__bench/arrivals", exchange -> {
      StringBuilder lines = new StringBuilder();
      sink.arrivals.forEach(t -> lines.append(t).append('\n'));
      reply(exchange, lines.toString());
    });
    sink.server.createContext("/__bench/keys", exchange -> reply(exchange, sink.sendKeys.size() + " " + sink.duplicateSends()));
    sink.server.createContext("/__bench/clear", exchange -> {
      sink.clear();
      reply(exchange, "ok");
    });
    System.out.println(PORT_LINE + sink.server.getAddress().getPort());
    System.out.flush();
    while (System.in.read() != -1) {
      // until the benchmark ends (or dies): then this process ends too
    }
    sink.close();
    System.exit(0);
  }

  static final String PORT_LINE = "graph-sink-port ";

  private static void reply(HttpExchange exchange, String text) throws IOException {
    try (exchange) {
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    network.shutdownNow();
  }
}
