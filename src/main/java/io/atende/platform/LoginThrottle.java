package io.atende.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Failed logins are throttled per client (its IP address) before they reach a user's password: the Camunda webapps'
 * login ({@code POST /camunda/api/admin/auth/user/{engine}/login/{app}}) and HTTP Basic credentials on
 * {@code /engine-rest/**}, {@code /api/**} and every other path that takes them. A client whose last
 * {@code max-failures} attempts within {@code window} failed gets 429 with {@code Retry-After} (seconds) until the
 * oldest of them leaves the window, without its password being checked; attempts in flight count, so a burst of
 * parallel guesses gets no further. Camunda's own lock of a user after failed logins (whoever made them) is off in
 * application.yml ({@code login-delay-max-time: 0}), so a guesser cannot lock the administrator or an agent out.
 *
 * <p>The client is {@link HttpServletRequest#getRemoteAddr()}: behind a reverse proxy, set
 * {@code server.forward-headers-strategy=native} so that it is the real client's address. The count is kept per node,
 * in memory.
 */
class LoginThrottle extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
  /** Past this many clients in memory, those whose failures all left the window are forgotten. */
  private static final int SWEEP_ABOVE = 10_000;

  private final AccessRules rules;
  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Client> clients = new ConcurrentHashMap<>();

  LoginThrottle(AccessRules rules, int maxFailures, Duration window, Clock clock) {
    this.rules = rules;
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  /** One client's recent failed attempts (times, oldest first) and attempts in flight. */
  private static final class Client {
    final ArrayDeque<Long> failures = new ArrayDeque<>();
    int inFlight;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!isLoginAttempt(request)) {
      chain.doFilter(request, response);
      return;
    }
    String address = request.getRemoteAddr();
    Client client = clients.computeIfAbsent(address, a -> new Client());
    long now = clock.millis();
    long retryAfterMillis;
    synchronized (client) {
      forgetOld(client, now);
      retryAfterMillis = client.failures.size() + client.inFlight < maxFailures ? 0
          : client.failures.isEmpty() ? 1000 : client.failures.peekFirst() + window.toMillis() - now;
      if (retryAfterMillis == 0) {
        client.inFlight++;
      }
    }
    if (retryAfterMillis > 0) {
      log.warn("Login attempt of client {} refused: {} failed logins within {}", address, maxFailures, window);
      tooMany(response, Math.max(1, (retryAfterMillis + 999) / 1000));
      return;
    }
    boolean failed = true;
    try {
      chain.doFilter(request, response);
      failed = response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED;
    } finally {
      synchronized (client) {
        client.inFlight--;
        if (failed) {
          client.failures.addLast(clock.millis());
        }
      }
      if (clients.size() > SWEEP_ABOVE) {
        sweep();
      }
    }
  }

  /** The webapps' login form, or HTTP Basic credentials anywhere. */
  private boolean isLoginAttempt(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return true;
    }
    String path = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
    return "POST".equals(request.getMethod()) && rules.isWebappLogin(path) && path.contains("/login/");
  }

  private void forgetOld(Client client, long now) {
    while (!client.failures.isEmpty() && client.failures.peekFirst() <= now - window.toMillis()) {
      client.failures.removeFirst();
    }
  }

  private void sweep() {
    long now = clock.millis();
    clients.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        forgetOld(e.getValue(), now);
        return e.getValue().failures.isEmpty() && e.getValue().inFlight == 0;
      }
    });
  }

  private static void tooMany(HttpServletResponse response, long retryAfterSeconds) throws IOException {
    response.setStatus(429);
    response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write("{\"error\":{\"message\":\"Too many failed logins from this client: try again in "
        + retryAfterSeconds + " s\",\"code\":429}}");
  }
}
