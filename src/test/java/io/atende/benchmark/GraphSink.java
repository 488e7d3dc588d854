package io.atende.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal Graph API stand-in that accepts every send the way Meta answers, and notes when each arrived. In the
 * benchmark's JVM, or in a process of its own ({@link #main}, {@link GraphSinkProcess}): Meta's servers do not share the
 * service's heap, garbage collector and CPU accounting.
 *
 * <p>It is one thread on a selector (HTTP/1.1 with keep-alive, requests with a {@code Content-Length} or chunked), and
 * answers each send {@code latency} after it arrived, from the same thread: Meta's servers cost the service's machine
 * nothing, and a stand-in that does should cost it as little as it can. (Until 2026-12-06 it was the JDK's
 * {@code com.sun.net.httpserver}: a dispatcher thread, a worker thread and a timer thread per request took 0.3–0.7 ms of
 * CPU a send on the two cores the service needs, 15–25 % of what the service itself took.)
 */
final class GraphSink implements GraphStandIn {

  static final String PORT_LINE = "graph-sink-port ";
  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final AtomicLong ids = new AtomicLong();
  final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
  /** Sends by their send key (Meta's biz_opaque_callback_data): a key seen twice is a message sent twice. */
  final java.util.Map<String, Integer> sendKeys = new java.util.concurrent.ConcurrentHashMap<>();
  private static final java.util.regex.Pattern TO = java.util.regex.Pattern.compile("\"to\"\\s*:\\s*\"([^\"]*)\"");
  private static final java.util.regex.Pattern SEND_KEY = java.util.regex.Pattern.compile("\"biz_opaque_callback_data\"\\s*:\\s*\"([^\"]*)\"");

  /** Answers after this round trip, as Meta does from afar; sends block a job thread for that long. */
  private final long latencyNanos;
  private final ServerSocketChannel server;
  private final Selector selector;
  private final Thread loop;
  private volatile boolean running = true;
  /** Answers waiting for their time, earliest first (the loop's thread only). */
  private final PriorityQueue<Due> due = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));

  private record Due(long at, Connection connection, byte[] answer, boolean close) {}

  GraphSink(Duration latency) {
    this.latencyNanos = latency.toNanos();
    try {
      selector = Selector.open();
      server = ServerSocketChannel.open();
      server.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    loop = new Thread(this::run, "graph-sink");
    loop.setDaemon(true);
    loop.start();
  }

  private void run() {
    while (running) {
      try {
        long now = System.nanoTime();
        Due next = due.peek();
        if (next == null) {
          selector.select();
        } else if (next.at > now) {
          selector.select(Math.max(1, (next.at - now + 999_999) / 1_000_000));
        } else {
          selector.selectNow();
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            accept();
          } else {
            Connection connection = (Connection) key.attachment();
            if (key.isReadable()) {
              connection.read();
            }
            if (key.isValid() && key.isWritable()) {
              connection.flush();
            }
          }
        }
        now = System.nanoTime();
        while (!due.isEmpty() && due.peek().at <= now) {
          Due answer = due.poll();
          answer.connection.send(answer.answer, answer.close);
        }
      } catch (IOException e) {
        if (running) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private void accept() throws IOException {
    SocketChannel channel;
    while ((channel = server.accept()) != null) {
      channel.configureBlocking(false);
      // small answers go at once, not held for the client's delayed ACK (40 ms)
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Connection connection = new Connection(channel);
      connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
    }
  }

  /** One client connection: the bytes of requests not yet complete, the answers not yet written. */
  private final class Connection {
    private final SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private boolean closeWhenWritten;
    private boolean continued;

    Connection(SocketChannel channel) {
      this.channel = channel;
    }

    void read() throws IOException {
      int n;
      try {
        while ((n = channel.read(in)) > 0) {
          if (!in.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
            in.flip();
            bigger.put(in);
            in = bigger;
          }
        }
      } catch (IOException e) {
        close();
        return;
      }
      while (parseOne()) {
        // every complete request in the buffer
      }
      if (n < 0) {
        close();
      }
    }

    /** Takes one complete request off the buffer and handles it; false when none is complete yet. */
    private boolean parseOne() {
      byte[] bytes = in.array();
      int length = in.position();
      int headerEnd = indexOf(bytes, length, 0);
      if (headerEnd < 0) {
        return false;
      }
      String head = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1);
      String[] lines = head.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      String path = requestLine.length > 1 ? requestLine[1] : "/";
      int contentLength = 0;
      boolean chunked = false;
      boolean close = false;
      boolean expectContinue = false;
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> contentLength = Integer.parseInt(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> close = value.equalsIgnoreCase("close");
          case "expect" -> expectContinue = value.equalsIgnoreCase("100-continue");
          default -> { }
        }
      }
      int bodyStart = headerEnd + 4;
      String body;
      int end;
      if (chunked) {
        StringBuilder text = new StringBuilder();
        int at = bodyStart;
        while (true) {
          int lineEnd = indexOfLineEnd(bytes, length, at);
          if (lineEnd < 0) {
            return waitForBody(expectContinue);
          }
          String sizeLine = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1);
          int semicolon = sizeLine.indexOf(';');
          int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
          int dataStart = lineEnd + 2;
          if (size == 0) {
            // no trailers from our client: the last chunk's line, then an empty line
            if (length < dataStart + 2) {
              return waitForBody(expectContinue);
            }
            end = dataStart + 2;
            break;
          }
          if (length < dataStart + size + 2) {
            return waitForBody(expectContinue);
          }
          text.append(new String(bytes, dataStart, size, StandardCharsets.UTF_8));
          at = dataStart + size + 2;
        }
        body = text.toString();
      } else {
        if (length < bodyStart + contentLength) {
          return waitForBody(expectContinue);
        }
        body = new String(bytes, bodyStart, contentLength, StandardCharsets.UTF_8);
        end = bodyStart + contentLength;
      }
      // the request is complete: drop it from the buffer
      in.flip();
      in.position(end);
      in.compact();
      continued = false;
      handle(path, body, close);
      return true;
    }

    private boolean waitForBody(boolean expectContinue) {
      if (expectContinue && !continued) {
        continued = true;
        send(CONTINUE, false);
      }
      return false;
    }

    private void handle(String path, String body, boolean close) {
      if (path.startsWith("/__bench/")) {
        send(answer("text/plain", bench(path.substring("/__bench/".length()))), close);
        return;
      }
      arrivals.add(System.nanoTime());
      java.util.regex.Matcher key = SEND_KEY.matcher(body);
      if (key.find()) {
        sendKeys.merge(key.group(1), 1, Integer::sum);
      }
      java.util.regex.Matcher to = TO.matcher(body);
      // Meta answers the recipient's WhatsApp id (here: the number as sent)
      String waId = to.find() ? to.group(1).replace("+", "") : "";
      byte[] answer = answer("application/json", "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + waId
          + "\",\"wa_id\":\"" + waId + "\"}],\"messages\":[{\"id\":\"wamid.BENCH" + ids.incrementAndGet() + "\"}]}");
      if (latencyNanos == 0) {
        send(answer, close);
      } else {
        due.add(new Due(System.nanoTime() + latencyNanos, this, answer, close));
      }
    }

    void send(byte[] answer, boolean close) {
      if (!channel.isOpen()) {
        return;
      }
      out.add(ByteBuffer.wrap(answer));
      closeWhenWritten |= close;
      flush();
    }

    void flush() {
      try {
        while (!out.isEmpty()) {
          ByteBuffer next = out.peek();
          channel.write(next);
          if (next.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            return;
          }
          out.poll();
        }
        if (key.isValid()) {
          key.interestOps(SelectionKey.OP_READ);
        }
        if (closeWhenWritten) {
          close();
        }
      } catch (IOException e) {
        close();
      }
    }

    void close() {
      try {
        key.cancel();
        channel.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private String bench(String what) {
    return switch (what) {
      case "arrivals" -> {
        StringBuilder lines = new StringBuilder();
        arrivals.forEach(t -> lines.append(t).append('\n'));
        yield lines.toString();
      }
      case "keys" -> sendKeys.size() + " " + duplicateSends();
      case "clear" -> {
        clear();
        yield "ok";
      }
      default -> "unknown";
    };
  }

  private static byte[] answer(String contentType, String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  /** Where the header section ends ("\r\n\r\n"), or -1. */
  private static int indexOf(byte[] bytes, int length, int from) {
    for (int i = from; i + 3 < length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfLineEnd(byte[] bytes, int length, int from) {
    for (int i = from; i + 1 < length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Send keys that arrived more than once. */
  @Override
  public long duplicateSends() {
    return sendKeys.values().stream().filter(n -> n > 1).count();
  }

  @Override
  public String baseUrl() {
    return "http://127.0.0.1:" + server.socket().getLocalPort();
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
    System.out.println(PORT_LINE + sink.server.socket().getLocalPort());
    System.out.flush();
    while (System.in.read() != -1) {
      // until the benchmark ends (or dies): then this process ends too
    }
    sink.close();
    System.exit(0);
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      loop.join(5000);
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
      selector.close();
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
