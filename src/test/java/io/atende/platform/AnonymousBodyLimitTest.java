package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.atende.whatsapp.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Oversized bodies sent without a user, as an attacker sends them over HTTP: refused with 413 while the body is still
 * arriving (the answer is read before the body ends), declared by Content-Length or chunked. The limit of the webhook
 * is the default, 4 MB: above Meta's largest notification (3 MB).
 */
@PlatformTest
class AnonymousBodyLimitTest {

  private static final int WEBHOOK_LIMIT = 4 * 1024 * 1024;
  private static final String SECRET = "simulator-app-secret";

  @LocalServerPort
  int port;

  @Test
  void aWebhookDeclaringAnOversizedContentLengthIsRefusedBeforeItsBodyIsSent() throws Exception {
    try (RawHttp http = new RawHttp("127.0.0.1", port)) {
      http.head("POST /webhooks/whatsapp HTTP/1.1", "Host: localhost", "Content-Type: application/json",
          "X-Hub-Signature-256: sha256=00", "Content-Length: " + (50L * 1024 * 1024));

      RawHttp.Answer answer = http.readHead();

      assertThat(answer.status()).isEqualTo(413);
      assertThat(answer.header("Connection")).hasValue("close");
    }
  }

  @Test
  void aChunkedWebhookIsRefusedAsSoonAsItPassesTheLimitAndNeverReadToItsEnd() throws Exception {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) ' ');
    try (RawHttp http = new RawHttp("127.0.0.1", port)) {
      http.head("POST /webhooks/whatsapp HTTP/1.1", "Host: localhost", "Content-Type: application/json",
          "X-Hub-Signature-256: sha256=00", "Transfer-Encoding: chunked");
      for (int sent = 0; sent <= WEBHOOK_LIMIT; sent += chunk.length) {
        http.chunk(chunk);
      }
      // no last chunk: the body never ends, the answer comes anyway

      assertThat(http.readHead().status()).isEqualTo(413);
    }
  }

  @Test
  void aNotificationUnderTheLimitStillArrivesChunkedOrNot() throws Exception {
    byte[] notification = padded("{\"object\":\"whatsapp_business_account\",\"entry\":[]}", 3 * 1000 * 1000);
    String signature = WebhookSignature.sign(notification, SECRET);
    try (RawHttp http = new RawHttp("127.0.0.1", port)) {
      http.head("POST /webhooks/whatsapp HTTP/1.1", "Host: localhost", "Content-Type: application/json", "Connection: close",
          WebhookSignature.HEADER + ": " + signature, "Transfer-Encoding: chunked");
      for (int from = 0; from < notification.length; from += 100_000) {
        http.chunk(Arrays.copyOfRange(notification, from, Math.min(notification.length, from + 100_000)));
      }
      http.lastChunk();
      RawHttp.Answer answer = http.read();
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }
    try (RawHttp http = new RawHttp("127.0.0.1", port)) {
      http.head("POST /webhooks/whatsapp HTTP/1.1", "Host: localhost", "Content-Type: application/json", "Connection: close",
          WebhookSignature.HEADER + ": " + signature, "Content-Length: " + notification.length).body(notification);
      RawHttp.Answer answer = http.read();
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }
  }

  @Test
  void theWebappLoginTakesOnlyASmallFormWithItsLength() throws Exception {
    try (RawHttp http = new RawHttp("127.0.0.1", port)) {
      http.head("POST /camunda/api/admin/auth/user/default/login/tasklist HTTP/1.1", "Host: localhost",
          "Content-Type: application/x-www-form-urlencoded", "Content-Length: " + (20L * 1024 * 1024));
      assertThat(http.readHead().status()).isEqualTo(413);
    }
    try (RawHttp http = new RawHttp("127.0.0.1", port)) {
      http.head("POST /camunda/api/admin/auth/user/default/login/tasklist HTTP/1.1", "Host: localhost",
          "Content-Type: application/x-www-form-urlencoded", "Transfer-Encoding: chunked");
      http.chunk("username=admin&password=".getBytes(StandardCharsets.UTF_8));
      assertThat(http.readHead().status()).isEqualTo(411);
    }
    try (RawHttp http = new RawHttp("127.0.0.1", port)) {
      http.head("POST /camunda/api/admin/setup/default/user/create HTTP/1.1", "Host: localhost",
          "Content-Type: application/json", "Content-Length: " + (20L * 1024 * 1024));
      assertThat(http.readHead().status()).isEqualTo(413);
    }
  }

  @Test
  void everyOtherDoorAnswersAnAnonymousBodyBeforeReadingIt() throws Exception {
    for (String target : java.util.List.of("/api/desk/conversations/1/attachments", "/api/templates", "/engine-rest/deployment/create",
        "/camunda/api/engine/engine/default/task/1/submit-form", "/atende/index.html", "/actuator/health", "/")) {
      try (RawHttp http = new RawHttp("127.0.0.1", port)) {
        http.head("POST " + target + " HTTP/1.1", "Host: localhost", "Content-Type: application/json",
            "Content-Length: " + (50L * 1024 * 1024));

        assertThat(http.readHead().status()).as(target).isBetween(300, 499);
      }
    }
  }

  /** The JSON followed by spaces up to {@code size} bytes (still valid JSON). */
  private static byte[] padded(String json, int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) ' ');
    byte[] head = json.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(head, 0, bytes, 0, head.length);
    return bytes;
  }
}
