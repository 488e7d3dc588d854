package io.atende.benchmark;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** A minimal Graph API stand-in that accepts every send the way Meta answers, and notes when each arrived. */
final class GraphSink implements AutoCloseable {

  private final HttpServer server;
  private final AtomicLong ids = new AtomicLong();
  final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();

  GraphSink() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      arrivals.add(System.nanoTime());
      byte[] body = ("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"x\",\"wa_id\":\"x\"}],"
          + "\"messages\":[{\"id\":\"wamid.BENCH" + ids.incrementAndGet() + "\"}]}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
