package io.atende.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.atende.platform.LocalPostgres;
import io.atende.whatsapp.InboundEventStore.Arrival;
import io.atende.whatsapp.InboundEventStore.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two nodes' stores on one PostgreSQL database, each with its own connections, as two services behind a load
 * balancer: a customer's later event stored on one node while the earlier one is still uncommitted on the other
 * waits for it, gets the higher id, and is not processed first. Skipped when no PostgreSQL answers.
 */
@EnabledIf(value = "io.atende.platform.LocalPostgres#answers",
    disabledReason = "Skipped: no PostgreSQL server accepts user 'postgres' (trust) at jdbc:postgresql://127.0.0.1:5432/test")
class CustomerOrderAcrossNodesTest {

  private static final String SCHEMA = "atende_customer_order";
  private static final ExecutorService THREADS = Executors.newFixedThreadPool(4);
  private static Node nodeA;
  private static Node nodeB;
  private static JdbcClient observer;

  private record Node(HikariDataSource dataSource, InboundEventStore store, TransactionTemplate transaction) {

    static Node start(String name) {
      HikariDataSource dataSource = new HikariDataSource();
      dataSource.setJdbcUrl(LocalPostgres.URL + "?currentSchema=" + SCHEMA);
      dataSource.setUsername("postgres");
      dataSource.setMaximumPoolSize(3);
      dataSource.setPoolName(name);
      return new Node(dataSource, new InboundEventStore(JdbcClient.create(dataSource), dataSource, Duration.ZERO),
          new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    /** Stores the notifications in one transaction, as the webhook's group commit does. */
    List<List<StoredEvent>> store(List<Arrival> group) {
      return transaction.execute(status -> store.storeAll(group));
    }
  }

  @BeforeAll
  static void migrate() throws Exception {
    try (Connection connection = LocalPostgres.connect(); Statement statement = connection.createStatement()) {
      statement.execute("drop schema if exists " + SCHEMA + " cascade");
      statement.execute("create schema " + SCHEMA);
    }
    Flyway.configure().dataSource(LocalPostgres.URL + "?currentSchema=" + SCHEMA, "postgres", "").schemas(SCHEMA)
        .locations("classpath:db/migration").load().migrate();
    nodeA = Node.start("nodeA");
    nodeB = Node.start("nodeB");
    observer = JdbcClient.create(nodeA.dataSource());
  }

  @AfterAll
  static void stop() {
    THREADS.shutdownNow();
    nodeA.dataSource().close();
    nodeB.dataSource().close();
  }

  @Test
  void aCustomersLaterEventWaitsForTheEarlierOneUncommittedOnAnotherNodeAndIsNotProcessedFirst() throws Exception {
    String customer = "5511988800001";
    CountDownLatch storedOnA = new CountDownLatch(1);
    CountDownLatch commitA = new CountDownLatch(1);
    Future<Long> earlier = THREADS.submit(() -> nodeA.transaction().execute(status -> {
      long id = nodeA.store().storeAll(List.of(arrival(customer, "wamid.order-1"))).get(0).get(0).id();
      storedOnA.countDown();
      awaitQuietly(commitA);
      return id;
    }));
    assertThat(storedOnA.await(30, TimeUnit.SECONDS)).isTrue();

    Future<List<List<StoredEvent>>> later = THREADS.submit(() -> nodeB.store(List.of(arrival(customer, "wamid.order-2"))));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !later.isDone());
    assertThat(committedEventsOf(customer)).as("the later event is not committed (nor dispatched) while the earlier one is open")
        .isZero();

    commitA.countDown();
    long earlierId = earlier.get(30, TimeUnit.SECONDS);
    long laterId = later.get(30, TimeUnit.SECONDS).get(0).get(0).id();
    assertThat(laterId).as("ids of one customer in commit order").isGreaterThan(earlierId);
    // what InboundEventProcessor asks before it processes a message: the later one waits for the earlier one
    assertThat(nodeB.store().hasEarlierPending(customer, laterId)).isTrue();
    assertThat(nodeA.store().hasEarlierPending(customer, earlierId)).isFalse();
  }

  @Test
  void groupsWithTheSameCustomersInOppositeOrderOnTwoNodesNeverDeadlock() throws Exception {
    for (int round = 0; round < 30; round++) {
      String x = "55119888100%02d".formatted(round);
      String y = "55119888200%02d".formatted(round);
      CyclicBarrier start = new CyclicBarrier(2);
      int r = round;
      Future<List<List<StoredEvent>>> onA = THREADS.submit(() -> {
        start.await();
        return nodeA.store(List.of(arrival(y, "wamid.dl-a-y-" + r), arrival(x, "wamid.dl-a-x-" + r)));
      });
      Future<List<List<StoredEvent>>> onB = THREADS.submit(() -> {
        start.await();
        return nodeB.store(List.of(arrival(x, "wamid.dl-b-x-" + r), arrival(y, "wamid.dl-b-y-" + r)));
      });
      assertThat(onA.get(30, TimeUnit.SECONDS)).hasSize(2);
      assertThat(onB.get(30, TimeUnit.SECONDS)).hasSize(2);
    }
    assertThat(observer.sql("select count(*) from inbound_event where dedupe_key like 'msg:wamid.dl-%'").query(Integer.class).single())
        .isEqualTo(120);
  }

  private static int committedEventsOf(String customer) {
    return observer.sql("select count(*) from inbound_event where wa_id = ?").param(customer).query(Integer.class).single();
  }

  private static Arrival arrival(String customer, String messageId) {
    String body = SignedWebhook.text(customer, "Cliente", messageId, "oi", Instant.now().getEpochSecond());
    try {
      return new Arrival(body.getBytes(StandardCharsets.UTF_8), GraphJson.mapper().readValue(body, WebhookPayload.Notification.class));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
