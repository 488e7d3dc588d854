package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Two nodes (two throttles, each with its own connections) on one PostgreSQL: a guesser who spreads the attempts over
 * both gets no more than the limit in all, and the second node refuses before any password is checked.
 */
class LoginThrottleAcrossNodesTest {

  private static final String SCHEMA = "login_throttle_nodes";

  @Test
  void aGuesserSpreadingAttemptsOverTwoNodesGetsNoMoreThanTheLimitInAll() throws Exception {
    assumeTrue(LocalPostgres.answers(), "no PostgreSQL at 127.0.0.1:5432");
    try (Connection connection = LocalPostgres.connect(); Statement statement = connection.createStatement()) {
      statement.execute("drop schema if exists " + SCHEMA + " cascade");
      statement.execute("create schema " + SCHEMA);
      statement.execute("set search_path to " + SCHEMA);
      statement.execute(Files.readString(Path.of("src/main/resources/db/migration/V92__login_failures.sql")));
    }
    LoginThrottle first = node();
    LoginThrottle second = node();
    AtomicInteger passwordsChecked = new AtomicInteger();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      statuses.add(guess(i % 2 == 0 ? first : second, "10.0.0.7", "guess-" + i, passwordsChecked));
    }

    assertThat(statuses.subList(0, 10)).as("wrong passwords, five on each node").containsOnly(401);
    assertThat(statuses.subList(10, 16)).as("throttled on both nodes").containsOnly(429);
    assertThat(passwordsChecked).as("no password checked past the limit").hasValue(10);
    assertThat(guess(second, "10.0.0.8", "guess", passwordsChecked)).as("another client").isEqualTo(401);
  }

  private static LoginThrottle node() {
    DriverManagerDataSource dataSource = new DriverManagerDataSource(LocalPostgres.URL + "?currentSchema=" + SCHEMA, "postgres", "");
    return new LoginThrottle(new AccessRules("/camunda", "/engine-rest"), new LoginFailures(JdbcClient.create(dataSource)), 10,
        Duration.ofMinutes(15), Clock.systemUTC());
  }

  private static int guess(LoginThrottle node, String client, String password, AtomicInteger passwordsChecked) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
    request.setServletPath("/api/me");
    request.setRemoteAddr(client);
    request.addHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes()));
    MockHttpServletResponse response = new MockHttpServletResponse();
    node.doFilter(request, response, (req, res) -> {
      passwordsChecked.incrementAndGet();
      ((HttpServletResponse) res).setStatus(401);
    });
    return response.getStatus();
  }
}
