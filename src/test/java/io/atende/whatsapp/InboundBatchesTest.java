package io.atende.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Inbound events that wait together on a lane (a backlog) share one transaction, and a failure of one of them
 * costs the others nothing: all are rolled back and each runs again alone, the failing one retried as before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:inbound-batches;DB_CLOSE_DELAY=-1",
    "atende.whatsapp.inbound-lanes=1",
    "atende.whatsapp.inbound-sweep-interval=200ms",
    "atende.simulator.enabled=true"})
class InboundBatchesTest {

  @LocalServerPort int port;
  @Autowired CamelContext camel;
  @Autowired JdbcClient jdbc;
  @Autowired CustomerLanes lanes;
  @Autowired DataSource dataSource;

  /** Per customer: the transaction (its connection holder) each run of their event saw. */
  private final Map<String, List<Integer>> transactionsSeen = new ConcurrentHashMap<>();
  private final AtomicBoolean failOnce = new AtomicBoolean();

  @Test
  void eventsWaitingOnALaneRunInOneTransactionAndAFailingOneRunsAloneWithoutTheOthersBeingLostOrDoubled() throws Exception {
    AdviceWith.adviceWith(camel, "whatsapp-inbound", route -> route.weaveAddLast().process(exchange -> {
      List<String> event = jdbc.sql("select wa_id, dedupe_key from inbound_event where id = ?").param(exchange.getIn().getBody(Long.class))
          .query((rs, n) -> List.of(rs.getString(1), rs.getString(2))).single();
      if (!event.get(1).startsWith("msg:wamid.BATCH_")) {
        return; // the replies' delivery statuses (the simulator sends them) are events too
      }
      String customer = event.get(0);
      transactionsSeen.computeIfAbsent(customer, c -> new CopyOnWriteArrayList<>())
          .add(System.identityHashCode(TransactionSynchronizationManager.getResource(dataSource)));
      if (customer.equals("5531977770002") && failOnce.compareAndSet(true, false)) {
        throw new RuntimeException("CRM down");
      }
    }));

    // a backlog of three customers' messages on the one lane, none failing
    backlog("5531977770001", "5531977770002", "5531977770003", "A");
    await().atMost(Duration.ofSeconds(60)).until(() -> done("A") == 3);
    assertThat(transactionsSeen.values()).allSatisfy(runs -> assertThat(runs).hasSize(1));
    assertThat(transactionsSeen.values().stream().map(runs -> runs.get(0)).distinct()).as("one transaction for the three").hasSize(1);

    // again, the second customer's event failing once
    transactionsSeen.clear();
    failOnce.set(true);
    backlog("5531977770001", "5531977770002", "5531977770003", "B");
    await().atMost(Duration.ofSeconds(60)).until(() -> done("B") == 3);
    assertThat(transactionsSeen.get("5531977770001")).as("in the batch, then alone").hasSize(2);
    assertThat(transactionsSeen.get("5531977770002")).as("in the batch (failed there), then alone").hasSize(2);
    assertThat(transactionsSeen.get("5531977770003")).as("the batch ended before it: alone").hasSize(1);
    for (String customer : List.of("5531977770001", "5531977770002", "5531977770003")) {
      assertThat(jdbc.sql("select count(*) from chat_message m join customer c on c.id = m.customer_id where c.wa_id = ?")
          .param(customer).query(Integer.class).single() > 0).isTrue();
    }
    assertThat(jdbc.sql("select count(*) from chat_message where wa_message_id like 'wamid.BATCH_B_%'").query(Integer.class).single())
        .as("each message recorded once").isEqualTo(3);
    assertThat(jdbc.sql("""
            select count(*) from act_hi_procinst p join customer c on p.business_key_ like cast(c.id as varchar) || '@%'
            where p.proc_def_key_ = 'conversation' and c.wa_id like '553197777000%'""").query(Integer.class).single())
        .as("one journey per customer").isEqualTo(3);
  }

  /** Holds the lane, stores one message of each customer through the webhook, then lets the lane go. */
  private void backlog(String first, String second, String third, String round) throws Exception {
    CountDownLatch hold = new CountDownLatch(1);
    CountDownLatch held = new CountDownLatch(1);
    lanes.execute(first, () -> {
      held.countDown();
      try {
        hold.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
    long epoch = Instant.now().getEpochSecond();
    int n = 0;
    for (String customer : List.of(first, second, third)) {
      var response = new SignedWebhook(port).post(SignedWebhook.text(customer, "Cliente", "wamid.BATCH_" + round + "_" + n++, "oi", epoch));
      assertThat(response.statusCode()).isEqualTo(200);
    }
    hold.countDown();
  }

  private int done(String round) {
    return jdbc.sql("select count(*) from inbound_event where status = 'DONE' and dedupe_key like 'msg:wamid.BATCH_" + round + "_%'")
        .query(Integer.class).single();
  }
}
