package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An anonymous client guessing the administrator's password, over HTTP from addresses of its own (127.0.0.x): after
 * {@code atende.login-throttle.max-failures} (10) failures it gets 429 with Retry-After, on every door, and the
 * administrator still logs in at once from their own client, since Camunda's per-user lock is off.
 */
@PlatformTest
class LoginThrottleTest {

  @LocalServerPort
  int port;

  @Test
  void aGuesserOnTheWebappLoginIsThrottledAndTheAdministratorStillLogsInFromAnotherClient() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    String retryAfter = null;
    for (int i = 0; i < 25; i++) {
      RawHttp.Answer answer = webappLogin("127.0.0.21", "admin", "guess-" + i);
      statuses.add(answer.status());
      if (answer.status() == 429) {
        retryAfter = answer.header("Retry-After").orElseThrow();
      }
    }

    assertThat(statuses.subList(0, 10)).as("Camunda's answer to a wrong password").containsOnly(401);
    assertThat(statuses.subList(10, 25)).as("throttled before the password is checked").containsOnly(429);
    assertThat(Long.parseLong(retryAfter)).isBetween(1L, 15 * 60L);
    assertThat(webappLogin("127.0.0.21", "admin", "admin").status()).as("the guesser's client, even with the password").isEqualTo(429);

    assertThat(browserLogin("admin", "admin")).as("the administrator, from their own client").isEqualTo(200);
    assertThat(webappLogin("127.0.0.22", "admin", "admin").status()).isEqualTo(200);
  }

  @Test
  void aGuesserWithHttpBasicIsThrottledOnEngineRestAndApiAlike() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      statuses.add(basic("127.0.0.31", "/engine-rest/process-definition", "admin", "guess-" + i).status());
      statuses.add(basic("127.0.0.31", "/api/me", "admin", "guess-x" + i).status());
    }
    RawHttp.Answer throttled = basic("127.0.0.31", "/api/me", "admin", "admin");

    assertThat(statuses.subList(0, 10)).containsOnly(401);
    assertThat(statuses.subList(10, 12)).containsOnly(429);
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isPresent();
    assertThat(basic("127.0.0.32", "/engine-rest/process-definition", "admin", "admin").status()).isEqualTo(200);
    assertThat(basic("127.0.0.32", "/api/me", "admin", "admin").status()).isEqualTo(200);
  }

  @Test
  void parallelGuessesGetNoFurtherThanTheLimit() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(30);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      int n = i;
      answers.add(pool.submit(() -> {
        go.await();
        return basic("127.0.0.41", "/api/me", "admin", "parallel-" + n).status();
      }));
    }
    go.countDown();
    List<Integer> statuses = new ArrayList<>();
    for (java.util.concurrent.Future<Integer> answer : answers) {
      statuses.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
    }
    pool.shutdown();

    assertThat(statuses).hasSize(30);
    assertThat(statuses.stream().filter(s -> s == 401).count()).isLessThanOrEqualTo(10);
    assertThat(statuses.stream().filter(s -> s == 429).count()).isGreaterThanOrEqualTo(20);
  }

  private RawHttp.Answer basic(String from, String path, String user, String password) throws Exception {
    try (RawHttp http = new RawHttp(from, port)) {
      return http.head("GET " + path + " HTTP/1.1", "Host: localhost:" + port, "Connection: close",
          "Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))).read();
    }
  }

  /** The Tasklist's login as a script does it from {@code from}: a CSRF token and session first, then the form. */
  private RawHttp.Answer webappLogin(String from, String user, String password) throws Exception {
    RawHttp.Answer start;
    try (RawHttp http = new RawHttp(from, port)) {
      start = http.head("GET /camunda/api/admin/auth/user/default HTTP/1.1", "Host: localhost:" + port, "Connection: close").read();
    }
    String cookies = String.join("; ", start.cookies());
    String token = start.cookies().stream().filter(c -> c.startsWith("XSRF-TOKEN=")).map(c -> c.substring(11)).findFirst()
        .orElseThrow(() -> new AssertionError("no XSRF-TOKEN: " + start.headers()));
    byte[] form = ("username=" + user + "&password=" + password).getBytes(StandardCharsets.UTF_8);
    try (RawHttp http = new RawHttp(from, port)) {
      return http.head("POST /camunda/api/admin/auth/user/default/login/tasklist HTTP/1.1", "Host: localhost:" + port,
          "Connection: close", "Cookie: " + cookies, "X-XSRF-TOKEN: " + token,
          "Content-Type: application/x-www-form-urlencoded", "Content-Length: " + form.length).body(form).read();
    }
  }

  /** The administrator's own browser (127.0.0.1). */
  private int browserLogin(String user, String password) throws Exception {
    CookieManager cookies = new CookieManager();
    HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
    String base = "http://localhost:" + port;
    browser.send(HttpRequest.newBuilder(URI.create(base + "/camunda/api/admin/auth/user/default")).GET().build(),
        HttpResponse.BodyHandlers.discarding());
    String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
        .reduce((a, b) -> b).orElseThrow().getValue();
    return browser.send(HttpRequest.newBuilder(URI.create(base + "/camunda/api/admin/auth/user/default/login/tasklist"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token)
        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
