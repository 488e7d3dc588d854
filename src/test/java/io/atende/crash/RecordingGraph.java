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
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Graph API stand-in outside the service's process, so that it outlives a crash of the service: accepts every
 * send the way Meta answers it ({@code messages[0].id}) and keeps, per recipient, what was sent, to count lost
 * customers (never answered) and duplicate sends (the same message twice to one customer).
 */
final class RecordingGraph implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final AtomicLong ids = new AtomicLong();
  private final Map<String, List<String>> sentTo = new ConcurrentHashMap<>();

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
        answer = body.has("status") ? "{\"success\":true}"
            : "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + to + "\",\"wa_id\":\"" + to + "\"}],"
                + "\"messages\":[{\"id\":\"wamid.CRASH" + ids.incrementAndGet() + "\"}]}";
      } else {
        answer = "{\"success\":true}";
      }
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
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
    server.stop(0);
  }
}
