package io.atende.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A step an integrator adds to {@code routes/whatsapp-inbound.yaml} after the bean call runs inside the event's
 * transaction (README, "For integrators"): when it fails, the event's work is rolled back and the dispatcher processes
 * the event again; the customer's message is neither lost nor recorded or answered twice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:inbound-route-step;DB_CLOSE_DELAY=-1",
    "atende.whatsapp.inbound-sweep-interval=200ms",
    "atende.whatsapp.inbound-sweep-grace=0s",
    "atende.simulator.enabled=true"})
class InboundRouteStepTest {

  @LocalServerPort int port;
  @Autowired CamelContext camel;
  @Autowired JdbcClient jdbc;

  @Test
  void aFailingStepAddedToTheInboundRouteNeitherLosesTheMessageNorProcessesItTwice() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AdviceWith.adviceWith(camel, "whatsapp-inbound", route -> route.weaveAddLast().process(exchange -> {
      if (calls.incrementAndGet() == 1) {
        throw new RuntimeException("CRM down");
      }
    }));

    var response = new SignedWebhook(port).post(SignedWebhook.text("5531988880001", "Lia", "wamid.STEP_FAILS_ONCE", "oi",
        Instant.now().getEpochSecond()));
    assertThat(response.statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(
        jdbc.sql("select status from inbound_event where dedupe_key = 'msg:wamid.STEP_FAILS_ONCE'").query(String.class).optional().orElse(null)));
    assertThat(calls.get()).as("the step ran again with the event").isEqualTo(2);
    assertThat(jdbc.sql("select count(*) from chat_message where wa_message_id = 'wamid.STEP_FAILS_ONCE'").query(Integer.class).single())
        .as("recorded once").isEqualTo(1);
    assertThat(jdbc.sql("""
            select count(*) from act_hi_procinst p join customer c on p.business_key_ like cast(c.id as varchar) || '@%'
            where p.proc_def_key_ = 'conversation' and c.wa_id = '5531988880001'""").query(Integer.class).single())
        .as("one journey").isEqualTo(1);
  }
}
