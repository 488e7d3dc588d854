package io.atende.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook receiver on a random port that records every request, standing in for the service. */
final class WebhookStub implements AutoCloseable {

  /** One received POST: the raw bytes and the headers that matter. */
  record Received(byte[] body, String contentType, String signature, JsonNode json) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode value() {
      return json.path("entry").path(0).path("changes").path(0).path("value");
    }

    JsonNode status() {
      return value().path("statuses").path(0);
    }

    JsonNode message() {
      return value().path("messages").path(0);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

  private WebhookStub(HttpServer server) {
    this.server = server;
  }

  static WebhookStub start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      WebhookStub stub = new WebhookStub(server);
      server.createContext("/webhook", stub::handle);
      server.setExecutor(Executors.newFixedThreadPool(4));
      server.start();
      return stub;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhook";
  }

  /** The next {@code times} requests whose body contains {@code marker} are answered 500 (and recorded). */
  void failNext(String marker, int times) {
    failures.put(marker, new AtomicInteger(times));
  }

  List<Received> all() {
    return new ArrayList<>(received);
  }

  /** Messages notifications sent by the customer {@code waId}, in arrival order. */
  List<Received> messagesFrom(String waId) {
    return received.stream().filter(r -> waId.equals(r.message().path("from").asText(null))).toList();
  }

  /** Messages notifications sent by the customer with that BSUID ({@code from_user_id}), in arrival order. */
  List<Received> messagesFromUser(String userId) {
    return received.stream().filter(r -> userId.equals(r.message().path("from_user_id").asText(null))).toList();
  }

  /** Status notifications of one message, in arrival order. */
  List<Received> statusesOf(String wamid) {
    return received.stream().filter(r -> wamid.equals(r.status().path("id").asText(null))).toList();
  }

  List<String> statusNamesOf(String wamid) {
    return statusesOf(wamid).stream().map(r -> r.status().path("status").asText()).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    String text = new String(body, StandardCharsets.UTF_8);
    received.add(new Received(body, exchange.getRequestHeaders().getFirst("Content-Type"),
        exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"), JSON.readTree(body)));
    boolean fail = failures.entrySet().stream()
        .anyMatch(e -> text.contains(e.getKey()) && e.getValue().getAndDecrement() > 0);
    byte[] answer = (fail ? "down" : "{\"received\":1}").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(fail ? 500 : 200, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
