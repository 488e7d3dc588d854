package io.atende.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * {@code server.forward-headers-strategy=native} so that it is the real client's address. The failures are kept in the
 * database ({@link LoginFailures}), so a client spreading guesses over the nodes of a cluster is counted once; attempts
 * in flight are counted per node (a burst sent at once to N nodes gets at most N times the limit, once).
 */
class LoginThrottle extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

  private final AccessRules rules;
  private final LoginFailures failures;
  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  /** Attempts of each client this node is checking right now (a burst of parallel guesses counts at once). */
  private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
  /** Locks by client address (striped): a client's check and the end of its attempts are serialised on this node. */
  private final Object[] stripes = java.util.stream.Stream.generate(Object::new).limit(64).toArray();

  LoginThrottle(AccessRules rules, LoginFailures failures, int maxFailures, Duration window, Clock clock) {
    this.rules = rules;
    this.failures = failures;
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!isLoginAttempt(request)) {
      chain.doFilter(request, response);
      return;
    }
    String address = request.getRemoteAddr();
    Object stripe = stripes[Math.floorMod(address.hashCode(), stripes.length)];
    long[] retryAfterMillis = {0};
    // the count read and the decision under the client's stripe, which a finished attempt also takes to record its
    // failure and leave: otherwise an attempt could read the failures before another's was recorded and see the
    // in-flight count after that one left, and get one try more than the limit
    synchronized (stripe) {
      Instant now = clock.instant();
      LoginFailures.Recent recent = failures.since(address, now.minus(window));
      inFlight.compute(address, (a, running) -> {
        int checking = running == null ? 0 : running;
        if (recent.count() + checking < maxFailures) {
          return checking + 1;
        }
        retryAfterMillis[0] = recent.oldest() == null ? 1000
            : Math.max(1000, Duration.between(now, recent.oldest().plus(window)).toMillis());
        return running;
      });
    }
    if (retryAfterMillis[0] > 0) {
      log.warn("Login attempt of a client refused: {} failed logins within {}", maxFailures, window);
      log.debug("Login attempt of client {} refused", address);
      tooMany(response, (retryAfterMillis[0] + 999) / 1000);
      return;
    }
    boolean failed = true;
    try {
      chain.doFilter(request, response);
      failed = response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED;
    } finally {
      synchronized (stripe) {
        if (failed) {
          Instant at = clock.instant();
          failures.record(address, at, at.minus(window));
        }
        inFlight.computeIfPresent(address, (a, running) -> running <= 1 ? null : running - 1);
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

  private static void tooMany(HttpServletResponse response, long retryAfterSeconds) throws IOException {
    response.setStatus(429);
    response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write("{\"error\":{\"message\":\"Too many failed logins from this client: try again in "
        + retryAfterSeconds + " s\",\"code\":429}}");
  }
}
