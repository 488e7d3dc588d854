package io.atende.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bodies anyone may send without a user are bounded, and an oversized one is refused with 413 without being read to
 * its end:
 *
 * <ul>
 *   <li>Meta's webhook ({@code atende.whatsapp.webhook-max-bytes}): a declared {@code Content-Length} over the limit is
 *       refused before a byte is read; a chunked body is read up to the limit and refused as soon as it passes it (the
 *       webhook reads the whole body anyway, to check its signature over the raw bytes).
 *   <li>The Camunda webapps' login and first-administrator setup ({@code atende.http.anonymous-max-bytes}): they take a
 *       small form, so a body must declare its {@code Content-Length} (411 otherwise) within the limit.
 * </ul>
 *
 * Every other path without a user reads no body: {@code /api/**} and {@code /engine-rest/**} refuse a caller without
 * valid credentials before their body is read, the webapps' other calls need their session, our pages and the health
 * probe are GETs. The simulator (off in production) takes uploads of Meta's sizes.
 */
class AnonymousBodyLimit extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(AnonymousBodyLimit.class);

  private final AccessRules rules;
  private final long webhookMaxBytes;
  private final long anonymousMaxBytes;

  AnonymousBodyLimit(AccessRules rules, long webhookMaxBytes, long anonymousMaxBytes) {
    this.rules = rules;
    this.webhookMaxBytes = webhookMaxBytes;
    this.anonymousMaxBytes = anonymousMaxBytes;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
    long declared = request.getContentLengthLong();
    boolean chunked = declared < 0 && request.getHeader("Transfer-Encoding") != null;
    if (declared <= 0 && !chunked) {
      chain.doFilter(request, response);
      return;
    }
    if (rules.isWebhook(path)) {
      if (declared > webhookMaxBytes) {
        tooLarge(response, path, webhookMaxBytes);
        return;
      }
      byte[] body = readAtMost(request.getInputStream(), webhookMaxBytes);
      if (body == null) {
        tooLarge(response, path, webhookMaxBytes);
        return;
      }
      chain.doFilter(new ReadBody(request, body), response);
      return;
    }
    if (rules.isWebappLogin(path)) {
      if (declared < 0) {
        refuse(response, HttpServletResponse.SC_LENGTH_REQUIRED, "A body here needs a Content-Length");
        return;
      }
      if (declared > anonymousMaxBytes) {
        tooLarge(response, path, anonymousMaxBytes);
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /** The body, or {@code null} once it passes {@code max} bytes (the rest is left unread). */
  private static byte[] readAtMost(InputStream in, long max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      total += n;
      if (total > max) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static void tooLarge(HttpServletResponse response, String path, long max) throws IOException {
    log.warn("Refused an oversized body on {} (limit {} bytes)", path, max);
    refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "The body is larger than " + max + " bytes");
  }

  private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    // the rest of the body is not wanted: the connection ends with this answer
    response.setHeader("Connection", "close");
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write("{\"error\":{\"message\":\"" + message + "\",\"code\":" + status + "}}");
    response.flushBuffer();
  }

  /** The request with its body already read (within the limit). */
  private static final class ReadBody extends HttpServletRequestWrapper {

    private final byte[] body;

    ReadBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("The body is already read");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
