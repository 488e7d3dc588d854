package io.atende.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request outside {@link AccessRules#isAnonymous anonymous paths} and Camunda's
 * REST API: with HTTP Basic (a Camunda user and password) or with the session of a user logged in to
 * the Camunda webapps (so that a Tasklist form can call {@code /api/**}). The user is put on the
 * request as {@link CurrentUser} and on Camunda's identity service for the request, so that engine
 * calls are attributed to them (user operation log).
 *
 * <p>Cross-site protection for state-changing requests (anything but GET/HEAD/OPTIONS/TRACE, which change nothing): a
 * browser's {@code Origin} must be this service's origin (scheme, host and port), and a session-authenticated request must carry Camunda's
 * CSRF token in {@code X-XSRF-TOKEN}. Camunda's {@code XSRF-TOKEN} cookie has the path of the webapps
 * ({@code /camunda}), so browsers do not send it to {@code /api}; the token is compared with the copy
 * Camunda keeps in the session, which is the same value. Pages outside the webapps (ours, under
 * {@code /atende/}) cannot read that cookie: a session-authenticated GET therefore answers the session's token in
 * the {@code X-XSRF-TOKEN} response header, as Camunda's own filter does on its fetches (another site cannot read
 * response headers of a same-origin request).
 *
 * <p>A script's request ({@code X-Requested-With: XMLHttpRequest}) without credentials gets its 401 without the
 * {@code WWW-Authenticate} challenge, so that the browser shows no password dialog and the page can send the user
 * to the Camunda login instead.
 */
class UserAuthenticationFilter extends OncePerRequestFilter {

  /** Session attribute where the Camunda webapps keep their logins ({@code AuthenticationUtil.CAM_AUTH_SESSION_KEY}). */
  static final String CAMUNDA_AUTH_SESSION_ATTRIBUTE = "authenticatedUser";
  static final String CSRF_HEADER = CsrfConstants.CSRF_TOKEN_HEADER_NAME;
  static final String CSRF_SESSION_ATTRIBUTE = CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME;
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  private static final Logger log = LoggerFactory.getLogger(UserAuthenticationFilter.class);

  private final IdentityService identityService;
  private final String engineName;
  private final AccessRules rules;

  UserAuthenticationFilter(IdentityService identityService, String engineName, AccessRules rules) {
    this.identityService = identityService;
    this.engineName = engineName;
    this.rules = rules;
  }

  private enum Via { BASIC, SESSION }

  private record Authenticated(CurrentUser user, Via via) {}

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
    if (rules.isAnonymous(path) || rules.isGuardedByEngineRest(path)) {
      chain.doFilter(request, response);
      return;
    }
    String authorization = request.getHeader("Authorization");
    Authenticated authenticated;
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      CurrentUser user = basic(authorization.substring(6).trim());
      if (user == null) {
        unauthorized(response, "Invalid user name or password");
        return;
      }
      authenticated = new Authenticated(user, Via.BASIC);
    } else {
      CurrentUser user = fromWebappSession(request.getSession(false));
      if (user == null) {
        String message = "Authentication required: HTTP Basic with a Camunda user, or a Camunda webapp login";
        if ("XMLHttpRequest".equalsIgnoreCase(request.getHeader("X-Requested-With"))) {
          error(response, HttpServletResponse.SC_UNAUTHORIZED, message);
        } else {
          unauthorized(response, message);
        }
        return;
      }
      authenticated = new Authenticated(user, Via.SESSION);
    }
    if (!SAFE_METHODS.contains(request.getMethod())) {
      if (isCrossOrigin(request)) {
        log.warn("Refused cross-origin {} {} (Origin {})", request.getMethod(), path, request.getHeader("Origin"));
        refuse(response, "Cross-origin request refused");
        return;
      }
      if (authenticated.via() == Via.SESSION && !hasValidCsrfToken(request)) {
        log.warn("Refused {} {} of a webapp session without a valid {} header", request.getMethod(), path, CSRF_HEADER);
        refuse(response, "Missing or invalid " + CSRF_HEADER + " header (Camunda's CSRF token) for a session-authenticated request");
        return;
      }
    }
    if (authenticated.via() == Via.SESSION && SAFE_METHODS.contains(request.getMethod())
        && request.getSession(false).getAttribute(CSRF_SESSION_ATTRIBUTE) instanceof String token) {
      response.setHeader(CSRF_HEADER, token);
    }
    if (rules.isForAdministrators(path) && !authenticated.user().isAdministrator()) {
      refuse(response, "Only Camunda administrators (group camunda-admin) read the service's actuator endpoints");
      return;
    }
    request.setAttribute(CurrentUser.ATTRIBUTE, authenticated.user());
    identityService.setAuthentication(authenticated.user().id(), authenticated.user().groupIds());
    try {
      chain.doFilter(request, response);
    } finally {
      identityService.clearAuthentication();
    }
  }

  private CurrentUser basic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      log.debug("Malformed HTTP Basic credentials");
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String userId = decoded.substring(0, colon);
    if (!identityService.checkPassword(userId, decoded.substring(colon + 1))) {
      log.debug("HTTP Basic authentication failed for user {}", userId);
      return null;
    }
    List<String> groups = identityService.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    return new CurrentUser(userId, groups);
  }

  private CurrentUser fromWebappSession(HttpSession session) {
    if (session == null || !(session.getAttribute(CAMUNDA_AUTH_SESSION_ATTRIBUTE) instanceof Authentications logins)) {
      return null;
    }
    Authentication login = logins.getAuthenticationForProcessEngine(engineName);
    if (!(login instanceof UserAuthentication user) || user.getIdentityId() == null) {
      return null;
    }
    return new CurrentUser(user.getIdentityId(), user.getGroupIds() == null ? List.of() : user.getGroupIds());
  }

  private static boolean hasValidCsrfToken(HttpServletRequest request) {
    String header = request.getHeader(CSRF_HEADER);
    HttpSession session = request.getSession(false);
    Object expected = session == null ? null : session.getAttribute(CSRF_SESSION_ATTRIBUTE);
    return header != null && !header.isBlank() && expected instanceof String token && !token.isBlank()
        && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A browser names the page's origin on state-changing requests; it must be this service's origin: the same scheme,
   * host and port (a page on another port of the same host is another site's). Behind a reverse proxy the request's
   * scheme, host and port are the proxy's when {@code server.forward-headers-strategy} is set (see README).
   */
  static boolean isCrossOrigin(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return false;
    }
    try {
      URI uri = URI.create(origin);
      String scheme = uri.getScheme();
      String host = uri.getHost();
      if (scheme == null || host == null) {
        return true;
      }
      return !scheme.equalsIgnoreCase(request.getScheme()) || !host.equalsIgnoreCase(request.getServerName())
          || port(scheme, uri.getPort()) != port(request.getScheme(), request.getServerPort());
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  private static int port(String scheme, int port) {
    if (port > 0) {
      return port;
    }
    return "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }

  private static void unauthorized(HttpServletResponse response, String message) throws IOException {
    response.setHeader("WWW-Authenticate", "Basic realm=\"Atende\", charset=\"UTF-8\"");
    error(response, HttpServletResponse.SC_UNAUTHORIZED, message);
  }

  private static void refuse(HttpServletResponse response, String message) throws IOException {
    error(response, HttpServletResponse.SC_FORBIDDEN, message);
  }

  private static void error(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write("{\"error\":{\"message\":\"" + message.replace("\"", "'") + "\",\"code\":" + status + "}}");
  }
}
