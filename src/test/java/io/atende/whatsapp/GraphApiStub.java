package io.atende.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Graph API on a random local port, answering like Meta: sends get a wamid,
 * mark-as-read gets {@code {"success":true}}, media info points to a download URL on the stub,
 * uploads get a media id. Each request is recorded with its arrival time. A test can script the
 * answers to the sends for one recipient (e.g. a 500 and then the default success).
 */
public final class GraphApiStub {

  private static final Pattern MESSAGES = Pattern.compile("/(v[0-9.]+)/([^/]+)/messages");
  private static final Pattern UPLOAD = Pattern.compile("/(v[0-9.]+)/([^/]+)/media");
  private static final Pattern MEDIA_INFO = Pattern.compile("/(v[0-9.]+)/([^/]+)");
  private static final Pattern DOWNLOAD = Pattern.compile("/download/([^/]+)");

  private static GraphApiStub shared;

  /** One request as it arrived. */
  public record Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body, long arrivedNanos) {

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
      try {
        return GraphJson.mapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Who a send is for: its {@code to} (a phone number) or, without one, its {@code recipient} (a BSUID); or null. */
    public String to() {
      if (!path.endsWith("/messages") || body.length == 0) {
        return null;
      }
      JsonNode json = json();
      JsonNode to = json.has("to") ? json.get("to") : json.get("recipient");
      return to == null ? null : to.asText();
    }
  }

  /** A scripted answer. */
  public record Reply(int status, String body) {

    /** The request is read, then the connection closed without an answer: the caller cannot know whether it was taken. */
    public static final Reply NO_ANSWER = new Reply(-1, "");

    public static Reply graphError(int status, int code, String message, String details) {
      return new Reply(status, """
          {"error":{"message":"%s","type":"OAuthException","code":%d,"error_data":{"messaging_product":"whatsapp","details":"%s"},"fbtrace_id":"AbCdTrace%d"}}"""
          .formatted(message, code, details, code));
    }
  }

  /** A media file the stub serves. */
  public record StoredMedia(String mimeType, byte[] content) {}

  private final HttpServer server;
  private final AtomicLong ids = new AtomicLong();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Deque<Reply>> pathScripts = new ConcurrentHashMap<>();
  private final Map<String, StoredMedia> media = new ConcurrentHashMap<>();

  private GraphApiStub() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(32, r -> {
      Thread t = new Thread(r, "graph-stub");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  /** The stub all tests of this JVM share (so they can share one Spring context). */
  public static synchronized GraphApiStub shared() {
    if (shared == null) {
      shared = new GraphApiStub();
    }
    return shared;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next sends to {@code to} get these answers, in order; then the default success. */
  public void script(String to, Reply... replies) {
    scripts.computeIfAbsent(to, k -> new ArrayDeque<>()).addAll(List.of(replies));
  }

  /** The next requests whose path contains {@code pathPart} get these answers, in order. */
  public void failNext(String pathPart, Reply... replies) {
    pathScripts.computeIfAbsent(pathPart, k -> new ArrayDeque<>()).addAll(List.of(replies));
  }

  public void serveMedia(String mediaId, String mimeType, byte[] content) {
    media.put(mediaId, new StoredMedia(mimeType, content));
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Request> sendsTo(String to) {
    return requests.stream().filter(r -> to.equals(r.to())).toList();
  }

  public List<Request> requestsFor(String pathPart) {
    return requests.stream().filter(r -> r.path().contains(pathPart)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    long arrived = System.nanoTime();
    byte[] body = exchange.getRequestBody().readAllBytes();
    String path = exchange.getRequestURI().getPath();
    Request request = new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
        Map.copyOf(exchange.getRequestHeaders()), body, arrived);
    requests.add(request);
    Reply reply = answer(request);
    if (reply.status() < 0) {
      // no answer: the connection closes under the client after it wrote the request
      exchange.close();
      return;
    }
    byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
    String contentType = "application/json";
    Matcher download = DOWNLOAD.matcher(path);
    if (reply.status() == 200 && download.matches() && media.containsKey(download.group(1))) {
      StoredMedia file = media.get(download.group(1));
      out = file.content();
      contentType = file.mimeType();
    }
    exchange.getResponseHeaders().add("Content-Type", contentType);
    exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      exchange.getResponseBody().write(out);
    }
    exchange.close();
  }

  private Reply answer(Request request) {
    if (!"Bearer test-token".equals(request.header("Authorization"))) {
      return Reply.graphError(401, 190, "Invalid OAuth access token", "Bearer token missing or wrong");
    }
    String path = request.path();
    for (Map.Entry<String, Deque<Reply>> script : pathScripts.entrySet()) {
      if (path.contains(script.getKey())) {
        Reply scripted = script.getValue().poll();
        if (scripted != null) {
          return scripted;
        }
      }
    }
    if (MESSAGES.matcher(path).matches()) {
      JsonNode json = request.json();
      if (json.has("status")) {
        return new Reply(200, "{\"success\":true}");
      }
      String to = request.to();
      Deque<Reply> script = scripts.get(to);
      Reply scripted = script == null ? null : script.poll();
      if (scripted != null) {
        return scripted;
      }
      // Meta answers wa_id for a send to a phone number and user_id for a send to a business-scoped user id
      return new Reply(200, """
          {"messaging_product":"whatsapp","contacts":[{"input":"%s","%s":"%s"}],"messages":[{"id":"wamid.STUB%d"}]}"""
          .formatted(to, json.has("to") ? "wa_id" : "user_id", to, ids.incrementAndGet()));
    }
    if (UPLOAD.matcher(path).matches() && "POST".equals(request.method())) {
      return new Reply(200, "{\"id\":\"" + (9_000_000 + ids.incrementAndGet()) + "\"}");
    }
    Matcher download = DOWNLOAD.matcher(path);
    if (download.matches()) {
      return media.containsKey(download.group(1)) ? new Reply(200, "") : new Reply(404, "");
    }
    Matcher info = MEDIA_INFO.matcher(path);
    if (info.matches() && media.containsKey(info.group(2))) {
      StoredMedia file = media.get(info.group(2));
      return new Reply(200, """
          {"messaging_product":"whatsapp","url":"%s/download/%s?ext=1&hash=ATu7x","mime_type":"%s","sha256":"abc","file_size":%d,"id":"%s"}"""
          .formatted(baseUrl(), info.group(2), file.mimeType(), file.content().length, info.group(2)));
    }
    return Reply.graphError(404, 100, "Unsupported get request", "Object does not exist");
  }
}
