package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atende.whatsapp.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Thousands of validly signed notifications, each a real kind of notification (a customer's text, button reply,
 * image, location, a status with pricing, a failed status, a template status update) mutated as a broken or hostile
 * sender would: a field's value of another type, a field missing, unknown fields, deep nesting, huge strings,
 * broken unicode, invalid UTF-8. None gets a 5xx; the inbound lanes keep going (a plain message sent after all of
 * them is answered); every event stored is either processed or parked with its reason, none left pending.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:webhook-fuzz;DB_CLOSE_DELAY=-1",
    "atende.simulator.enabled=false",
    // the simulator is off: the service refuses the shipped verify token and admin password (ProductionDefaults)
    "atende.whatsapp.verify-token=fuzz-verify-token",
    "camunda.bpm.admin-user.password=fuzz-admin-password",
    "atende.whatsapp.app-secret=" + WebhookFuzzTest.SECRET,
    "atende.whatsapp.access-token=test-token",
    "atende.whatsapp.inbound-sweep-interval=200ms",
    "logging.level.io.atende=ERROR"})
class WebhookFuzzTest {

  static final String SECRET = "fuzz-secret";
  private static final int NOTIFICATIONS = 2_000;
  private static final long SEED = Long.getLong("fuzz.seed", 20261205L);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Replies leave for a Graph API stand-in, as in production they leave for Meta. */
  @org.springframework.test.context.DynamicPropertySource
  static void graphApi(org.springframework.test.context.DynamicPropertyRegistry registry) {
    registry.add("atende.whatsapp.api-base-url", () -> io.atende.whatsapp.GraphApiStub.shared().baseUrl());
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Test
  void mutatedNotificationsNeverGetA5xxNorStopALaneAndEveryEventIsProcessedOrParked() throws Exception {
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
    ExecutorService senders = Executors.newFixedThreadPool(6);
    List<Future<?>> sent = new ArrayList<>();
    for (int i = 0; i < NOTIFICATIONS; i++) {
      int n = i;
      sent.add(senders.submit(() -> {
        byte[] body = mutated(new Random(SEED + n), n);
        HttpResponse<String> response = post(body);
        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
        if (response.statusCode() >= 500) {
          serverErrors.add("seed " + (SEED + n) + ": " + response.statusCode() + " " + response.body());
        }
        return null;
      }));
    }
    for (Future<?> f : sent) {
      f.get(5, TimeUnit.MINUTES);
    }
    senders.shutdown();

    assertThat(serverErrors).as("5xx answers (statuses seen: %s)", statuses).isEmpty();
    assertThat(statuses.get(200)).as("most mutations are still notifications Meta could send").isNotNull();

    // the lanes still work: a plain message from a new customer is processed
    String plain = WebhookRequests.textMessage("5531900001234", "wamid.after-fuzz", "oi");
    assertThat(post(plain.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofMinutes(3)).until(() -> count("select count(*) from chat_message where wa_message_id = 'wamid.after-fuzz'") == 1);

    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
        .conditionEvaluationListener(condition -> {
          if (condition.getRemainingTimeInMS() < 1_000) {
            System.out.println("PENDING: " + jdbc.sql("select kind || ' ' || attempts || ' ' || coalesce(last_error, '') from inbound_event"
                + " where status not in ('DONE', 'FAILED', 'IGNORED')").query(String.class).list());
          }
        })
        .until(() -> count("select count(*) from inbound_event where status not in ('DONE', 'FAILED', 'IGNORED')") == 0);
    assertThat(count("select count(*) from inbound_event where status = 'FAILED' and (last_error is null or last_error = '')"))
        .as("parked without a reason").isZero();
  }

  // ---- the notifications and their mutations

  private HttpResponse<String> post(byte[] body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/whatsapp"))
        .header("Content-Type", "application/json")
        .header(WebhookSignature.HEADER, WebhookSignature.sign(body, SECRET))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] mutated(Random random, int n) throws Exception {
    ObjectNode notification = (ObjectNode) JSON.readTree(base(random, n));
    int mutations = 1 + random.nextInt(3);
    for (int i = 0; i < mutations; i++) {
      mutate(notification, random);
    }
    // nesting deeper than Jackson writes: put in as text
    String text = JSON.writeValueAsString(notification)
        .replace("\"" + DEEP_50 + "\"", "[".repeat(50) + "]".repeat(50))
        .replace("\"" + DEEP_2000 + "\"", "[".repeat(2_000) + "]".repeat(2_000));
    return switch (random.nextInt(12)) {
      case 0 -> invalidUtf8(text.getBytes(StandardCharsets.UTF_8), random);
      case 1 -> text.replaceFirst("\"body\":\"", "\"body\":\"\\\\ud800\\\\udc00\\\\ud83d").getBytes(StandardCharsets.UTF_8);
      default -> text.getBytes(StandardCharsets.UTF_8);
    };
  }

  /** One of the notifications Meta sends, with a customer and ids of its own. */
  private static String base(Random random, int n) {
    // a range of its own: the Graph API stand-in is shared by the test run, and other tests count sends per customer
    String waId = "55319" + String.format("%08d", 70_000_000 + n);
    String id = "wamid.fuzz-" + n;
    long now = System.currentTimeMillis() / 1000;
    String value = switch (random.nextInt(7)) {
      case 0 -> message(waId, """
          {"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"Olá, preciso de ajuda"}}""".formatted(waId, id, now));
      case 1 -> message(waId, """
          {"from":"%s","id":"%s","timestamp":"%d","type":"interactive","interactive":{"type":"button_reply",
           "button_reply":{"id":"opt-1","title":"Comercial"}}}""".formatted(waId, id, now));
      case 2 -> message(waId, """
          {"from":"%s","id":"%s","timestamp":"%d","type":"image","image":{"caption":"foto","mime_type":"image/jpeg",
           "sha256":"abc","id":"%d"}}""".formatted(waId, id, now, 1_000_000 + n));
      case 3 -> message(waId, """
          {"from":"%s","id":"%s","timestamp":"%d","type":"location","location":{"latitude":-23.55,"longitude":-46.63,
           "name":"Av. Paulista","address":"São Paulo"}}""".formatted(waId, id, now));
      case 4 -> """
          "messaging_product":"whatsapp","metadata":{"display_phone_number":"5511940000000","phone_number_id":"%s"},
          "statuses":[{"id":"%s","status":"delivered","timestamp":"%d","recipient_id":"%s",
           "pricing":{"billable":true,"pricing_model":"PMP","category":"utility","type":"regular"}}]"""
          .formatted(WebhookRequests.PHONE_NUMBER_ID, id, now, waId);
      case 5 -> """
          "messaging_product":"whatsapp","metadata":{"display_phone_number":"5511940000000","phone_number_id":"%s"},
          "statuses":[{"id":"%s","status":"failed","timestamp":"%d","recipient_id":"%s",
           "errors":[{"code":131026,"title":"Message undeliverable","error_data":{"details":"x"}}]}]"""
          .formatted(WebhookRequests.PHONE_NUMBER_ID, id, now, waId);
      default -> null;
    };
    if (value == null) {
      return """
          {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","time":%d,"changes":[{"field":"message_template_status_update",
           "value":{"event":"APPROVED","message_template_id":%d,"message_template_name":"fuzz_%d","message_template_language":"pt_BR",
           "reason":"NONE"}}]}]}""".formatted(now, 9_000_000 + n, n);
    }
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{%s}}]}]}"""
        .formatted(value);
  }

  private static String message(String waId, String message) {
    return """
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"5511940000000","phone_number_id":"%s"},
        "contacts":[{"profile":{"name":"Maria"},"wa_id":"%s"}],"messages":[%s]""".formatted(WebhookRequests.PHONE_NUMBER_ID, waId, message);
  }

  /** Picks a node somewhere in the tree and changes it. */
  private static void mutate(ObjectNode root, Random random) {
    List<ContainerField> fields = new ArrayList<>();
    collect(root, fields);
    if (fields.isEmpty()) {
      root.put("unknown", "everything else was mutated away");
      return;
    }
    ContainerField target = fields.get(random.nextInt(fields.size()));
    switch (random.nextInt(8)) {
      case 0 -> target.remove();
      case 1 -> target.set(NODES.numberNode(random.nextLong()));
      case 2 -> target.set(NODES.textNode("x".repeat(random.nextBoolean() ? 3 : 200_000)));
      case 3 -> target.set(NODES.nullNode());
      case 4 -> target.set(NODES.arrayNode().add(NODES.objectNode().put("unexpected", true)));
      case 5 -> target.set(NODES.textNode(random.nextBoolean() ? DEEP_50 : DEEP_2000));
      case 6 -> target.set(NODES.booleanNode(random.nextBoolean()));
      default -> {
        if (target.parent() instanceof ObjectNode o) {
          o.put("unknown_" + random.nextInt(1000), "surprise");
        } else {
          target.set(NODES.objectNode());
        }
      }
    }
  }

  private static final String DEEP_50 = "__deep_50__";
  private static final String DEEP_2000 = "__deep_2000__";

  private static byte[] invalidUtf8(byte[] bytes, Random random) {
    byte[] broken = bytes.clone();
    broken[random.nextInt(broken.length)] = (byte) 0xC3;
    broken[random.nextInt(broken.length)] = (byte) 0xFF;
    return broken;
  }

  /** A place in the tree: a field of an object or an element of an array. */
  private record ContainerField(JsonNode parent, String field, int index) {

    void set(JsonNode value) {
      if (parent instanceof ObjectNode o) {
        o.set(field, value);
      } else {
        ((ArrayNode) parent).set(index, value);
      }
    }

    void remove() {
      if (parent instanceof ObjectNode o) {
        o.remove(field);
      } else {
        ((ArrayNode) parent).remove(index);
      }
    }
  }

  private static void collect(JsonNode node, List<ContainerField> into) {
    if (node instanceof ObjectNode o) {
      for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        into.add(new ContainerField(o, name, -1));
        collect(o.get(name), into);
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        into.add(new ContainerField(a, null, i));
        collect(a.get(i), into);
      }
    }
  }

  private int count(String sql) {
    return jdbc.sql(sql).query(Integer.class).single();
  }
}
