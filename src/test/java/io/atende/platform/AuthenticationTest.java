package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.atende.whatsapp.WhatsAppProperties;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@PlatformTest
class AuthenticationTest {

  @LocalServerPort
  int port;

  @Autowired
  WhatsAppProperties whatsApp;

  @Autowired
  IdentityService identityService;

  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * Wrong passwords are tried on a user of their own (Camunda's per-user lock after failed logins is off, see
   * LoginThrottleTest, but a test should not lean on that to keep the admin usable).
   */
  private static final String TARGET = "lockedOutTarget";

  @BeforeEach
  void createTargetUser() {
    if (identityService.createUserQuery().userId(TARGET).count() == 0) {
      User user = identityService.newUser(TARGET);
      user.setPassword("right-password");
      identityService.saveUser(user);
    }
  }

  @Test
  void engineRestRefusesAnonymousCallers() throws Exception {
    HttpResponse<String> response = get("/engine-rest/process-definition", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
  }

  @Test
  void engineRestRefusesAnonymousCallersTheListOfEnginesToo() throws Exception {
    // Camunda's REST filter lets this one path through; ours guards it
    assertThat(get("/engine-rest/engine", null).statusCode()).isEqualTo(401);
    assertThat(get("/engine-rest/engine/", null).statusCode()).isEqualTo(401);
    assertThat(get("/engine-rest/engine", basic("admin", "admin")).body()).contains("\"name\":\"default\"");
  }

  @Test
  void engineRestAnswersTheAdmin() throws Exception {
    HttpResponse<String> response = get("/engine-rest/process-definition", basic("admin", "admin"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"key\":\"conversation\"");
  }

  @Test
  void engineRestRefusesAWrongPassword() throws Exception {
    assertThat(get("/engine-rest/process-definition", basic(TARGET, "wrong")).statusCode()).isEqualTo(401);
  }

  @Test
  void apiRefusesAnonymousCallersWithABasicChallenge() throws Exception {
    HttpResponse<String> response = get("/api/me", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    assertThat(response.body()).contains("Authentication required");
  }

  @Test
  void apiRefusesAWrongPassword() throws Exception {
    assertThat(get("/api/me", basic(TARGET, "wrong")).statusCode()).isEqualTo(401);
    assertThat(get("/api/me", basic("nobody", "admin")).statusCode()).isEqualTo(401);
  }

  @Test
  void apiRefusesMalformedBasicCredentials() throws Exception {
    assertThat(get("/api/me", "Basic %%%not-base64").statusCode()).isEqualTo(401);
    assertThat(get("/api/me", "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8))).statusCode())
        .isEqualTo(401);
  }

  @Test
  void apiTellsTheBasicUserWhoTheyAre() throws Exception {
    HttpResponse<String> response = get("/api/me", basic("admin", "admin"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"id\":\"admin\"").contains("camunda-admin");
  }

  @Test
  void otherEndpointsNeedAUserToo() throws Exception {
    assertThat(get("/actuator/info", null).statusCode()).isEqualTo(401);
    assertThat(get("/actuator/info", basic("admin", "admin")).statusCode()).isEqualTo(200);
  }

  @Test
  void actuatorEndpointsButHealthAreForAdministratorsOnly() throws Exception {
    // a user who is no administrator (an agent) would read the numbers' send meters, or whatever an operator exposes
    HttpResponse<String> agent = get("/actuator/info", basic(TARGET, "right-password"));
    assertThat(agent.statusCode()).isEqualTo(403);
    assertThat(agent.body()).contains("administrators");
    assertThat(get("/actuator/metrics", basic(TARGET, "right-password")).statusCode()).isEqualTo(403);
    assertThat(get("/actuator/info", basic("admin", "admin")).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/health", basic(TARGET, "right-password")).statusCode()).isEqualTo(200);
  }

  @Test
  void apiRefusesStateChangesFromAnotherOrigin() throws Exception {
    HttpRequest crossOrigin = request("/api/me").header("Authorization", basic("admin", "admin"))
        .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpRequest sameOrigin = request("/api/me").header("Authorization", basic("admin", "admin"))
        .header("Origin", "http://localhost:" + port).POST(HttpRequest.BodyPublishers.noBody()).build();

    assertThat(http.send(crossOrigin, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    // Past the filter: /api/me has no POST.
    assertThat(http.send(sameOrigin, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
  }

  @Test
  void apiRefusesStateChangesFromAnotherPortOrSchemeOfThisHost() throws Exception {
    for (String origin : java.util.List.of("http://localhost:" + (port + 1), "http://localhost", "https://localhost:" + port,
        "null", "localhost:" + port)) {
      HttpRequest crossOrigin = request("/api/me").header("Authorization", basic("admin", "admin"))
          .header("Origin", origin).POST(HttpRequest.BodyPublishers.noBody()).build();
      assertThat(http.send(crossOrigin, HttpResponse.BodyHandlers.ofString()).statusCode()).as(origin).isEqualTo(403);
    }
    HttpRequest sameOrigin = request("/api/me").header("Authorization", basic("admin", "admin"))
        .header("Origin", "http://LOCALHOST:" + port).POST(HttpRequest.BodyPublishers.noBody()).build();
    assertThat(http.send(sameOrigin, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
  }

  @Test
  void apiAcceptsATasklistLoginAndRequiresItsCsrfTokenToChangeState() throws Exception {
    CookieManager cookies = new CookieManager();
    HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
    String engineName = "default";
    // The Tasklist's login sequence: fetch a CSRF token, post the credentials, fetch the new session's token.
    browser.send(request("/camunda/api/admin/auth/user/" + engineName).GET().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> login = browser.send(request("/camunda/api/admin/auth/user/" + engineName + "/login/tasklist")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-XSRF-TOKEN", xsrfCookie(cookies))
        .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + URLEncoder.encode("admin", StandardCharsets.UTF_8)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    browser.send(request("/camunda/api/admin/auth/user/" + engineName).GET().build(), HttpResponse.BodyHandlers.ofString());
    String token = xsrfCookie(cookies);

    HttpResponse<String> me = browser.send(request("/api/me").GET().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> postWithoutToken = browser.send(request("/api/me").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> postWithWrongToken = browser.send(request("/api/me").header("X-XSRF-TOKEN", "forged")
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> postWithToken = browser.send(request("/api/me").header("X-XSRF-TOKEN", token)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).contains("\"id\":\"admin\"");
    assertThat(postWithoutToken.statusCode()).isEqualTo(403);
    assertThat(postWithoutToken.body()).contains("X-XSRF-TOKEN");
    assertThat(postWithWrongToken.statusCode()).isEqualTo(403);
    assertThat(postWithToken.statusCode()).as("past the filter: /api/me has no POST").isEqualTo(405);
  }

  @Test
  void aPageOutsideTheWebappsLearnsTheSessionsCsrfTokenFromAGetAndChangesStateWithIt() throws Exception {
    CookieManager cookies = new CookieManager();
    HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
    browser.send(request("/camunda/api/admin/auth/user/default").GET().build(), HttpResponse.BodyHandlers.ofString());
    browser.send(request("/camunda/api/admin/auth/user/default/login/welcome")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-XSRF-TOKEN", xsrfCookie(cookies))
        .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=admin")).build(), HttpResponse.BodyHandlers.ofString());
    browser.send(request("/camunda/api/admin/auth/user/default").GET().build(), HttpResponse.BodyHandlers.ofString());

    HttpResponse<String> me = browser.send(request("/api/me").GET().build(), HttpResponse.BodyHandlers.ofString());
    String token = me.headers().firstValue("X-XSRF-TOKEN").orElseThrow(() -> new AssertionError("no X-XSRF-TOKEN header"));
    HttpResponse<String> post = browser.send(request("/api/me").header("X-XSRF-TOKEN", token)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(token).isEqualTo(xsrfCookie(cookies));
    assertThat(post.statusCode()).as("past the filter: /api/me has no POST").isEqualTo(405);
    assertThat(get("/api/me", basic("admin", "admin")).headers().firstValue("X-XSRF-TOKEN"))
        .as("HTTP Basic callers have no session token to learn").isEmpty();
  }

  @Test
  void aScriptWithoutCredentialsGets401WithoutTheBasicChallenge() throws Exception {
    HttpResponse<String> script = http.send(request("/api/me").header("X-Requested-With", "XMLHttpRequest").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> other = get("/api/me", null);

    assertThat(script.statusCode()).isEqualTo(401);
    assertThat(script.headers().firstValue("WWW-Authenticate")).as("no password dialog in the browser").isEmpty();
    assertThat(other.statusCode()).isEqualTo(401);
    assertThat(other.headers().firstValue("WWW-Authenticate")).isPresent();
  }

  @Test
  void ourPagesAreServedWithoutLoginAndHoldNoData() throws Exception {
    HttpResponse<String> page = get("/atende/templates.html", null);
    HttpResponse<String> index = http.send(request("/atende/").GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Modelos de mensagem").doesNotContain("boas_vindas");
    assertThat(index.statusCode()).isEqualTo(302);
    assertThat(index.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/atende/index.html"));
    assertThat(get("/api/templates", null).statusCode()).as("the data stays behind the login").isEqualTo(401);
  }

  @Test
  void webhookStaysAnonymous() throws Exception {
    HttpResponse<String> handshake = get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token="
        + URLEncoder.encode(whatsApp.verifyToken(), StandardCharsets.UTF_8) + "&hub.challenge=1158201444", null);
    HttpResponse<String> notification = http.send(WebhookRequests.signedPost("http://localhost:" + port,
        WebhookRequests.textMessage("5511988887777", "wamid.auth-test-1", "Oi"), whatsApp.appSecret()), HttpResponse.BodyHandlers.ofString());

    assertThat(handshake.statusCode()).isEqualTo(200);
    assertThat(handshake.body()).isEqualTo("1158201444");
    assertThat(notification.statusCode()).isEqualTo(200);
  }

  @Test
  void healthStaysAnonymous() throws Exception {
    HttpResponse<String> response = get("/actuator/health", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("UP");
  }

  @Test
  void camundaWebappLoginPageStaysAnonymous() throws Exception {
    HttpResponse<String> response = get("/camunda/app/tasklist/default/", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).containsIgnoringCase("<html");
  }

  private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
    HttpRequest.Builder builder = request(path).GET();
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String xsrfCookie(CookieManager cookies) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue)
        .reduce((first, last) -> last).orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie: " + cookies.getCookieStore().getCookies()));
  }
}
