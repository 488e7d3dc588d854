package io.atende.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, as an attacker writes it: from a chosen local address (127.0.0.x: another client of
 * the service), with any body framing, and with the answer read while the body is still unfinished.
 */
final class RawHttp implements AutoCloseable {

  /** Status line and headers of an answer (and its body when it was read to the end). */
  record Answer(int status, List<String> headers, String body) {
    Optional<String> header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(h -> h.substring(prefix.length()).trim()).findFirst();
    }

    List<String> cookies() {
      return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith("set-cookie:"))
          .map(h -> h.substring("set-cookie:".length()).trim().split(";", 2)[0]).toList();
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  /** A connection to the service on {@code port} from the local address {@code from} (e.g. 127.0.0.7). */
  RawHttp(String from, int port) {
    try {
      socket = new Socket();
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
      socket.setSoTimeout(15_000);
      out = socket.getOutputStream();
      in = socket.getInputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends the request line and headers (CRLF-separated lines, without the blank line that ends them). */
  RawHttp head(String... lines) throws IOException {
    out.write((String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  RawHttp body(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** One chunk of a chunked body. */
  RawHttp chunk(byte[] bytes) throws IOException {
    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  RawHttp lastChunk() throws IOException {
    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  /** Reads the status line and headers only. */
  Answer readHead() throws IOException {
    List<String> lines = new ArrayList<>();
    String line;
    while (!(line = readLine()).isEmpty()) {
      lines.add(line);
    }
    int status = Integer.parseInt(lines.get(0).split(" ")[1]);
    return new Answer(status, lines.subList(1, lines.size()), null);
  }

  /** Reads the whole answer (the request said {@code Connection: close}, or the answer has a Content-Length). */
  Answer read() throws IOException {
    Answer head = readHead();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Optional<String> length = head.header("Content-Length");
    if (length.isPresent()) {
      body.write(in.readNBytes(Integer.parseInt(length.get())));
    } else if (head.header("Transfer-Encoding").filter(t -> t.equalsIgnoreCase("chunked")).isPresent()) {
      int size;
      while ((size = Integer.parseInt(readLine().split(";")[0].trim(), 16)) > 0) {
        body.write(in.readNBytes(size));
        readLine();
      }
      readLine();
    } else {
      in.transferTo(body);
    }
    return new Answer(head.status(), head.headers(), body.toString(StandardCharsets.UTF_8));
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    if (b == -1 && line.size() == 0) {
      throw new IOException("Connection closed before the answer");
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
