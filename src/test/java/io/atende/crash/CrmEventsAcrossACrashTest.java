package io.atende.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The integrator's path, as README "For integrators" tells it, with the service as a process of its own: the example
 * {@code routes/examples/crm-webhook.yaml} is enabled by copying it into the routes folder of a running service; it
 * POSTs every customer message to a real HTTP server (the CRM); the CRM goes down; the service is killed with SIGKILL
 * (hanging on an event it was given) while the events wait; it restarts (the example now loads at start) with the CRM back. Every customer's messages
 * reach the CRM, none lost, in each customer's order, and none twice (the CRM accepted nothing in flight at the kill,
 * so at-least-once allows no repeat here).
 */
class CrmEventsAcrossACrashTest {

  private static final int CUSTOMERS = 12;
  private static final String SECRET = "crm-crash-app-secret";
  private static final String PHONE_NUMBER_ID = "106540352242922";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration STEP = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir = Path.of("target/crm-crash").toAbsolutePath();
  private final Path routes = dir.resolve("routes");
  /** What the CRM accepted, in arrival order: event id, the Idempotency-Key header, customer phone, text. */
  private final List<Received> accepted = new CopyOnWriteArrayList<>();
  private final AtomicBoolean crmDown = new AtomicBoolean();
  /** Requests the CRM holds without an answer while it is down (as a CRM that hangs does); let go after the kill. */
  private final AtomicInteger hanging = new AtomicInteger();
  private final CountDownLatch letGo = new CountDownLatch(1);
  private final AtomicInteger messageIds = new AtomicInteger();

  record Received(String eventId, String idempotencyKey, String type, String phone, String text) {}

  @Test
  void anExampleCopiedIntoTheRunningServiceDeliversEveryMessageInOrderThroughACrmOutageAndAKill() throws Exception {
    FileSystemUtils.deleteRecursively(dir);
    Files.createDirectories(routes);
    try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
      for (Path file : shipped.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        Files.copy(file, routes.resolve(file.getFileName()));
      }
    }
    HttpServer crm = crm();
    try (RecordingGraph graph = new RecordingGraph()) {
      List<String> args = arguments(graph, crm.getAddress().getPort());
      ServiceProcess first = ServiceProcess.start(args, dir.resolve("service-1.log"), START_TIMEOUT);
      try {
        // the integrator enables the example while the service runs: a copy into the folder, no restart
        Path part = routes.resolve("crm-webhook.yaml.part");
        Files.copy(Path.of("routes/examples/crm-webhook.yaml"), part);
        Files.move(part, routes.resolve("crm-webhook.yaml"), StandardCopyOption.ATOMIC_MOVE);
        awaitTheExampleListening(first);

        for (int c = 0; c < CUSTOMERS; c++) {
          assertThat(say(first, c, "um")).isEqualTo(200);
        }
        await().atMost(STEP).until(() -> customersWith("um") == CUSTOMERS);

        crmDown.set(true);
        for (int c = 0; c < CUSTOMERS; c++) {
          assertThat(say(first, c, "dois")).isEqualTo(200);
          assertThat(say(first, c, "três")).isEqualTo(200);
        }
        // the CRM hangs on the first "dois" it was offered: the node is killed while it delivers that event
        await().atMost(STEP).until(() -> hanging.get() >= 1);
      } finally {
        first.kill();
      }

      crmDown.set(false);
      letGo.countDown();
      // the restarted node takes back its own lease at once: without that, the event killed mid-delivery would wait for
      // the lease (atende.integration.lease, 2 minutes), longer than STEP
      try (ServiceProcess second = ServiceProcess.start(args, dir.resolve("service-2.log"), START_TIMEOUT)) {
        await().atMost(STEP).until(() -> customersWith("três") == CUSTOMERS);
      }
    } finally {
      letGo.countDown();
      crm.stop(0);
    }

    Map<String, List<String>> textsPerCustomer = new HashMap<>();
    accepted.stream().filter(r -> r.phone().startsWith("5511966")).forEach(r ->
        textsPerCustomer.computeIfAbsent(r.phone(), k -> new ArrayList<>()).add(r.text()));
    assertThat(textsPerCustomer).hasSize(CUSTOMERS);
    assertThat(textsPerCustomer.values()).as("every message, once, in each customer's order")
        .allSatisfy(texts -> assertThat(texts).containsExactly("um", "dois", "três"));
    assertThat(accepted).allSatisfy(r -> {
      assertThat(r.type()).isEqualTo("customer-message.received");
      assertThat(r.idempotencyKey()).as("the CRM de-duplicates on the event id").isEqualTo(r.eventId());
    });
    assertThat(accepted.stream().map(Received::eventId).distinct().count()).as("no event delivered twice")
        .isEqualTo(accepted.size());
  }

  /** Customers of the test whose message with this text the CRM accepted. */
  private long customersWith(String text) {
    return accepted.stream().filter(r -> r.phone().startsWith("5511966") && text.equals(r.text())).map(Received::phone).distinct()
        .count();
  }

  /**
   * A message sent before the copied route is loaded has no listener (and is not kept for routes added later), so a
   * probe customer writes until the CRM receives one: the route listens from then on.
   */
  private void awaitTheExampleListening(ServiceProcess service) {
    await().atMost(STEP).pollInterval(Duration.ofSeconds(2)).until(() -> {
      assertThat(post(service, notification("5511955000001", "sonda"))).isEqualTo(200);
      return accepted.stream().anyMatch(r -> r.phone().equals("5511955000001"));
    });
  }

  private HttpServer crm() throws IOException {
    HttpServer crm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    crm.createContext("/crm", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      int status;
      if (crmDown.get()) {
        hanging.incrementAndGet();
        try {
          letGo.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        status = 503;
      } else {
        JsonNode event = JSON.readTree(body);
        JsonNode data = event.path("data");
        accepted.add(new Received(event.path("id").asText(), exchange.getRequestHeaders().getFirst("Idempotency-Key"),
            event.path("type").asText(), data.path("customer").path("phone").asText(), data.path("text").asText()));
        status = 200;
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    crm.setExecutor(Executors.newCachedThreadPool());
    crm.start();
    return crm;
  }

  private List<String> arguments(RecordingGraph graph, int crmPort) {
    List<String> args = new java.util.ArrayList<>(List.of(
        "--spring.datasource.url=jdbc:h2:file:" + dir + "/db;DB_CLOSE_ON_EXIT=FALSE",
        "--camel.main.routes-include-pattern=file:" + routes + "/*.yaml",
        "--camel.main.routes-reload-directory=" + routes,
        "--atende.examples.crm-url=http://127.0.0.1:" + crmPort + "/crm",
        "--atende.integration.poll-millis=100",
        "--atende.integration.first-backoff=200ms",
        "--atende.integration.max-backoff=1s",
        "--atende.integration.max-attempts=1000",
        "--atende.processes.watch-interval=0"));
    args.addAll(ServiceProcess.againstGraph(graph.baseUrl(), SECRET, dir.resolve("media"), PHONE_NUMBER_ID, 80));
    args.addAll(ServiceProcess.extraArgs("crash.args"));
    return args;
  }

  private int say(ServiceProcess service, int customer, String text) {
    return post(service, notification("5511966" + String.format("%06d", customer), text));
  }

  private String notification(String phone, String text) {
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"5511940000000","phone_number_id":"%s"},
        "contacts":[{"profile":{"name":"Cliente"},"wa_id":"%s"}],
        "messages":[{"from":"%s","id":"wamid.CRMCRASH%d","timestamp":"%d","type":"text","text":{"body":"%s"}}]}}]}]}"""
        .formatted(PHONE_NUMBER_ID, phone, phone, messageIds.incrementAndGet(), Instant.now().getEpochSecond(), text);
  }

  /** The HTTP status of a signed notification, or -1 when no answer came. */
  private static int post(ServiceProcess service, String notification) {
    return service.postWebhook(notification, SECRET);
  }
}
