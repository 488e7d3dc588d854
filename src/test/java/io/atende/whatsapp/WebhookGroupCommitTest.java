package io.atende.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atende.conversation.CustomerMessageHandler;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The webhook's group commit over HTTP: notifications arriving while a commit runs are stored together in the next
 * one, each answered only after it; a notification whose storing fails fails alone; nothing answered 200 is missing.
 * A test connection holding a customer's row lock ({@code inbound_customer}) keeps the writer in a commit, the
 * way a slow disk or another node's transaction would, so that the next requests queue up behind it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    // a lock held longer than this fails the store: the database error of one notification
    "spring.datasource.url=jdbc:h2:mem:webhook-group-commit;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=4000",
    "camunda.bpm.job-execution.enabled=false",
    "atende.whatsapp.inbound-sweep-grace=0s",
    "atende.whatsapp.inbound-sweep-interval=200ms",
    "atende.whatsapp.inbound-sweep-delay=0s"})
class WebhookGroupCommitTest {

  /** Customers of this class: 55119777xxxxx. */
  private static final String PREFIX = "55119777";
  private static final ExecutorService SENDERS = Executors.newFixedThreadPool(32);

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;
  @Autowired WebhookGroupCommit groupCommit;
  /** The channel is tested on its own: the journey behind this seam has its own tests. */
  @MockitoBean CustomerMessageHandler journey;

  SignedWebhook webhook;

  @BeforeEach
  void setUp() {
    webhook = new SignedWebhook(port);
  }

  @AfterAll
  static void stopSenders() {
    SENDERS.shutdownNow();
  }

  @Test
  void requestsArrivingDuringACommitShareTheNextCommitAndEachIsAnsweredAfterIt() throws Exception {
    String held = customer(1);
    assertThat(post(held, "wamid.gc-first").statusCode()).isEqualTo(200);
    List<CompletableFuture<HttpResponse<String>>> queued = new ArrayList<>();
    long commitsBefore;
    try (Connection lock = holdCustomer(held)) {
      CompletableFuture<HttpResponse<String>> blocked = postAsync(held, "wamid.gc-held");
      await().until(() -> groupCommit.writing() == 1); // the writer took it and waits for the lock
      commitsBefore = groupCommit.commits();
      // one customer's two messages in arrival order, then 20 other customers
      queued.add(postAsync(customer(2), "wamid.gc-order-1"));
      await().until(() -> groupCommit.queued() == 1);
      queued.add(postAsync(customer(2), "wamid.gc-order-2"));
      IntStream.range(0, 20).forEach(i -> queued.add(postAsync(customer(10 + i), "wamid.gc-" + i)));
      await().until(() -> groupCommit.queued() == 22);
      assertThat(blocked).as("answered before its commit").isNotDone();
      assertThat(queued).as("answered before their commit").noneMatch(CompletableFuture::isDone);
      queued.add(0, blocked);
      lock.rollback();
    }
    for (CompletableFuture<HttpResponse<String>> response : queued) {
      assertThat(response.get().statusCode()).isEqualTo(200);
    }
    assertThat(groupCommit.commits() - commitsBefore).as("commits for 23 notifications: the held one's, then one group")
        .isEqualTo(2);
    assertThat(eventIds("wamid.gc-order-1", "wamid.gc-order-2")).as("ids in arrival order").isSorted();
    assertThat(count("select count(*) from inbound_event where dedupe_key like 'msg:wamid.gc-%'")).isEqualTo(24);
  }

  @Test
  void aNotificationWhoseStoreFailsGetsA5xxAloneAndTheOthersOfItsGroupAreStored() throws Exception {
    String first = customer(40);
    String failing = customer(41);
    assertThat(post(first, "wamid.gf-a").statusCode()).isEqualTo(200);
    assertThat(post(failing, "wamid.gf-b").statusCode()).isEqualTo(200);
    List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
    CompletableFuture<HttpResponse<String>> failed;
    try (Connection lockOfFailing = holdCustomer(failing)) {
      try (Connection lockOfFirst = holdCustomer(first)) {
        CompletableFuture<HttpResponse<String>> blocked = postAsync(first, "wamid.gf-held");
        await().until(() -> groupCommit.writing() == 1);
        IntStream.range(0, 5).forEach(i -> others.add(postAsync(customer(50 + i), "wamid.gf-" + i)));
        failed = postAsync(failing, "wamid.gf-failing");
        IntStream.range(5, 10).forEach(i -> others.add(postAsync(customer(50 + i), "wamid.gf-" + i)));
        await().until(() -> groupCommit.queued() == 11);
        others.add(blocked);
        lockOfFirst.rollback();
      }
      // the group of eleven waits for the failing customer's lock, fails, and is stored one by one
      for (CompletableFuture<HttpResponse<String>> response : others) {
        assertThat(response.get().statusCode()).isEqualTo(200);
      }
      assertThat(failed.get().statusCode()).as("a database error: Meta sends it again").isGreaterThanOrEqualTo(500);
      lockOfFailing.rollback();
    }
    assertThat(count("select count(*) from inbound_event where dedupe_key = 'msg:wamid.gf-failing'")).isZero();
    assertThat(count("select count(*) from inbound_event where dedupe_key like 'msg:wamid.gf-%'")).isEqualTo(13);
    // Meta's redelivery of the failed one is stored
    assertThat(post(failing, "wamid.gf-failing").statusCode()).isEqualTo(200);
    assertThat(count("select count(*) from inbound_event where dedupe_key = 'msg:wamid.gf-failing'")).isOne();
  }

  @Test
  void aMessageTwiceInOneGroupIsStoredOnce() throws Exception {
    String held = customer(60);
    assertThat(post(held, "wamid.gd-first").statusCode()).isEqualTo(200);
    List<CompletableFuture<HttpResponse<String>>> queued = new ArrayList<>();
    try (Connection lock = holdCustomer(held)) {
      queued.add(postAsync(held, "wamid.gd-held"));
      await().until(() -> groupCommit.writing() == 1);
      // the same message in two notifications of the group, and twice in a third one
      queued.add(postAsync(customer(61), "wamid.gd-twice"));
      queued.add(postAsync(customer(61), "wamid.gd-twice"));
      queued.add(CompletableFuture.supplyAsync(() -> webhook.post(twoMessagesInOneNotification(customer(62), "wamid.gd-inside")), SENDERS));
      await().until(() -> groupCommit.queued() == 3);
      lock.rollback();
    }
    for (CompletableFuture<HttpResponse<String>> response : queued) {
      assertThat(response.get().statusCode()).isEqualTo(200);
    }
    assertThat(count("select count(*) from inbound_event where dedupe_key = 'msg:wamid.gd-twice'")).isOne();
    assertThat(count("select count(*) from inbound_event where dedupe_key = 'msg:wamid.gd-inside'")).isOne();
  }

  @Test
  void everyNotificationAnswered200IsInTheDatabaseAndConcurrentRequestsShareCommits() throws Exception {
    long commitsBefore = groupCommit.commits();
    int notifications = 300;
    // 300 notifications of 100 customers over 32 connections; every tenth one Meta's repeat of the one before (the
    // same message of the same customer: a WhatsApp message id belongs to one customer)
    List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, notifications)
        .mapToObj(i -> i % 10 == 9 ? postAsync(customer(100 + (i - 1) % 100), "wamid.gl-" + (i - 1))
            : postAsync(customer(100 + i % 100), "wamid.gl-" + i)).toList();
    List<String> acknowledged = new ArrayList<>();
    for (int i = 0; i < notifications; i++) {
      if (responses.get(i).get().statusCode() == 200) {
        acknowledged.add("msg:wamid.gl-" + (i % 10 == 9 ? i - 1 : i));
      }
    }
    assertThat(acknowledged).hasSize(notifications);
    List<String> stored = jdbc.sql("select dedupe_key from inbound_event where dedupe_key like 'msg:wamid.gl-%'").query(String.class).list();
    assertThat(stored).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(acknowledged.stream().distinct().toList());
    assertThat(groupCommit.commits() - commitsBefore).as("commits for %d concurrent notifications", notifications)
        .isLessThan(notifications);
  }

  /** Locks the customer's row as a store of another transaction would, until the connection rolls back. */
  private Connection holdCustomer(String waId) throws Exception {
    Connection connection = dataSource.getConnection();
    connection.setAutoCommit(false);
    try (PreparedStatement update = connection.prepareStatement("update inbound_customer set stored_at = stored_at where customer_key = ?")) {
      update.setString(1, waId);
      assertThat(update.executeUpdate()).as("the customer's row").isOne();
    }
    return connection;
  }

  private HttpResponse<String> post(String waId, String messageId) {
    return webhook.post(SignedWebhook.text(waId, "Cliente", messageId, "oi", Instant.now().getEpochSecond()));
  }

  private CompletableFuture<HttpResponse<String>> postAsync(String waId, String messageId) {
    return CompletableFuture.supplyAsync(() -> post(waId, messageId), SENDERS);
  }

  private static String twoMessagesInOneNotification(String waId, String messageId) {
    String one = SignedWebhook.text(waId, "Cliente", messageId, "oi", Instant.now().getEpochSecond());
    int messages = one.indexOf("\"messages\":[") + "\"messages\":[".length();
    int end = one.indexOf("]", messages);
    String message = one.substring(messages, end);
    return one.substring(0, messages) + message + "," + message + one.substring(end);
  }

  private List<Long> eventIds(String... messageIds) {
    List<Long> ids = new ArrayList<>();
    for (String messageId : messageIds) {
      ids.add(jdbc.sql("select id from inbound_event where dedupe_key = ?").param("msg:" + messageId).query(Long.class).single());
    }
    return ids;
  }

  private int count(String sql) {
    return jdbc.sql(sql).query(Integer.class).single();
  }

  private static String customer(int n) {
    return PREFIX + "%05d".formatted(n);
  }
}
