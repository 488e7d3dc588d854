package io.atende.platform;

import java.util.List;

/**
 * Which paths answer without a user. Everything else needs one: {@code /engine-rest/**} through
 * Camunda's own REST authentication filter (but the engine list, see {@link #isGuardedByEngineRest}),
 * all the rest (our {@code /api/**} first of all) through {@link UserAuthenticationFilter}.
 *
 * @param webappPath where Camunda's webapps live ({@code camunda.bpm.webapp.application-path}); they keep their own session login
 * @param engineRestPath where Camunda's REST API lives ({@code spring.jersey.application-path})
 */
record AccessRules(String webappPath, String engineRestPath) {

  /**
   * Meta's webhook (its signature is its key), the simulator (only present when enabled), the health probe, and the
   * static files of our pages ({@link #PAGES}): they hold no data, which they fetch from {@code /api/**} as the
   * logged-in user, and they send a user who is not logged in to the Camunda login.
   */
  static final List<String> ANONYMOUS = List.of("/webhooks/whatsapp", "/simulator", "/actuator/health", PagesConfiguration.PAGES);

  AccessRules {
    webappPath = trimSlash(webappPath);
    engineRestPath = trimSlash(engineRestPath);
  }

  /** Whether a request to this (servlet-normalized) path is served without authentication by us. */
  boolean isAnonymous(String path) {
    // "/" only redirects to the webapp's login.
    return path.equals("/") || path.isEmpty() || isUnder(path, webappPath) || ANONYMOUS.stream().anyMatch(p -> isUnder(path, p));
  }

  /**
   * Whether Camunda's REST authentication filter guards this path: all of its REST API but the list of
   * engines ({@code /engine-rest/engine}), which that filter lets through and ours guards instead.
   */
  boolean isGuardedByEngineRest(String path) {
    return isUnder(path, engineRestPath) && !trimSlash(path).equals(engineRestPath + "/engine");
  }

  /**
   * Spring Boot's actuator endpoints but the health probe ({@code /actuator/**}: metrics, and whatever an operator
   * exposes, such as the environment): Camunda administrators only, never an agent.
   */
  boolean isForAdministrators(String path) {
    return isUnder(path, "/actuator");
  }

  /** Meta's webhook. */
  boolean isWebhook(String path) {
    return isUnder(path, ANONYMOUS.get(0));
  }

  /** The Camunda webapps' login (and logout) and their first-administrator setup: the webapps' calls without a session. */
  boolean isWebappLogin(String path) {
    return isUnder(path, webappPath + "/api/admin/auth") || isUnder(path, webappPath + "/api/admin/setup");
  }

  private static boolean isUnder(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }

  private static String trimSlash(String path) {
    String p = path.startsWith("/") ? path : "/" + path;
    return p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
  }
}
