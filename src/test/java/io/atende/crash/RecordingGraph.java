package io.atende.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Graph API stand-in outside the service's process, so that it outlives a crash of the service: accepts every
 * send the way Meta answers it ({@code messages[0].id}) and keeps, per recipient, what was sent, to count lost
 * customers (never answered) and duplicate sends (the same message twice to one customer).
 *
 * <p>Once told where ({@link #sendStatusesTo}), it also does what Meta does after accepting a message: it posts a
 * signed {@code sent} status webhook naming the message and echoing its {@code biz_opaque_callback_data}, and posts
 * it again every second while the service does not answer 200 (down, killed, restarting), as Meta retries a webhook
 * that failed.
 */
final class RecordingGraph implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final AtomicLong ids = new AtomicLong();
  private final Map<String, List<String>> sentTo = new ConcurrentHashMap<>();
  private final ScheduledExecutorService statuses = Executors.newScheduledThreadPool(16);
  private volatile ServiceProcess statusTarget;
  private volatile String appSecret;
  private volatile String phoneNumberId;

  RecordingGraph() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", this::handle);
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] request = exchange.getRequestBody().readAllBytes();
      String answer;
      if (exchange.getRequestURI().getPath().endsWith("/messages")) {
        JsonNode body = JSON.readTree(request);
        String to = body.path("to").asText(body.path("recipient").asText(""));
        if (!body.has("status")) {
          // a message (not a read receipt): what it says, so that a second copy shows as a duplicate
          String type = body.path("type").asText();
          sentTo.computeIfAbsent(to, k -> new CopyOnWriteArrayList<>()).add(type + ":" + body.path(type));
        }
        String wamid = "wamid.CRASH" + ids.incrementAndGet();
        answer = body.has("status") ? "{\"success\":true}"
            : "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + to + "\",\"wa_id\":\"" + to + "\"}],"
                + "\"messages\":[{\"id\":\"" + wamid + "\"}]}";
        if (!body.has("status") && statusTarget != null) {
          String sent = sentStatus(wamid, to, body.path("biz_opaque_callback_data").asText(null));
          statuses.schedule(() -> postStatus(sent), 300, TimeUnit.MILLISECONDS);
        }
      } else {
        answer = "{\"success\":true}";
      }
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  /** From now on, each accepted message is followed by its {@code sent} status, posted to this service (or the one named later). */
  void sendStatusesTo(ServiceProcess service, String secret, String number) {
    this.appSecret = secret;
    this.phoneNumberId = number;
    this.statusTarget = service;
  }

  private void postStatus(String notification) {
    ServiceProcess target = statusTarget;
    if (target == null || target.postWebhook(notification, appSecret) != 200) {
      if (!statuses.isShutdown()) {
        statuses.schedule(() -> postStatus(notification), 1, TimeUnit.SECONDS);
      }
    }
  }

  private String sentStatus(String wamid, String to, String callbackData) {
    String status = "{\"id\":\"" + wamid + "\",\"status\":\"sent\",\"timestamp\":\"" + Instant.now().getEpochSecond()
        + "\",\"recipient_id\":\"" + to + "\"" + (callbackData == null ? "" : ",\"biz_opaque_callback_data\":\"" + callbackData + "\"")
        + ",\"pricing\":{\"billable\":false,\"pricing_model\":\"PMP\",\"category\":\"service\",\"type\":\"free_customer_service\"}}";
    return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA\",\"changes\":[{\"value\":{"
        + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"5511940000000\",\"phone_number_id\":\""
        + phoneNumberId + "\"},\"statuses\":[" + status + "]},\"field\":\"messages\"}]}]}";
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Messages sent to this recipient, in arrival order. */
  List<String> sentTo(String recipient) {
    return sentTo.getOrDefault(recipient, List.of());
  }

  long totalSent() {
    return sentTo.values().stream().mapToLong(List::size).sum();
  }

  @Override
  public void close() {
    statuses.shutdownNow();
    server.stop(0);
  }
}
