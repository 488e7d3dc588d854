package io.atende.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.atende.limits.Reservation.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Two nodes share the messaging limit: two {@link MessagingLimits}, each with its own connection pool, on one
 * database, race reservations from several threads; every customer tried on both nodes at once. Exactly the limit's
 * number of customers is counted, each at most once, and every other new customer is refused. On PostgreSQL (schema
 * {@value LimitsDatabase#PG_SCHEMA}, skipped when no PostgreSQL answers at 127.0.0.1:5432) and on H2.
 */
class MessagingLimitsTwoNodesTest {

  private static final long LIMIT = 25;
  private static final int CUSTOMERS = 80;
  private static final String NUMBER_A = "106540352242922";
  private static final String NUMBER_B = "200000000000007";

  @Test
  void twoNodesOnPostgresqlNeverBothTakeTheLastSlot() throws Exception {
    assumeTrue(LimitsDatabase.postgresAnswers(),
        "PostgreSQL two-node test skipped: no PostgreSQL accepts user 'postgres' (trust) at " + LimitsDatabase.PG_URL);
    race(LimitsDatabase::postgresUnchecked);
  }

  @Test
  void twoNodesOnH2NeverBothTakeTheLastSlot() throws Exception {
    race(() -> LimitsDatabase.h2("limits-two-nodes-test"));
  }

  private void race(Supplier<LimitsDatabase> database) throws Exception {
    try (LimitsDatabase db = database.get()) {
      MessagingLimitsProperties properties = new MessagingLimitsProperties(Tier.TIER_2K, LIMIT, MessagingLimitsProperties.Scope.PORTFOLIO,
          new MessagingLimitsProperties.Texts("Limite de mensagens atingido: {limit} clientes únicos em 24 horas"));
      MessagingLimits node1 = db.node(properties, Clock.systemUTC());
      MessagingLimits node2 = db.node(properties, Clock.systemUTC());
      List<Long> customers = db.customers("5511972", CUSTOMERS);
      List<Runnable> attempts = new ArrayList<>();
      Map<Long, List<Outcome>> outcomes = new ConcurrentHashMap<>();
      for (long customer : customers) {
        outcomes.put(customer, Collections.synchronizedList(new ArrayList<>()));
        attempts.add(() -> outcomes.get(customer).add(node1.reserve(NUMBER_A, customer).outcome()));
        attempts.add(() -> outcomes.get(customer).add(node2.reserve(NUMBER_B, customer).outcome()));
      }
      ExecutorService threads = Executors.newFixedThreadPool(6);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (Runnable attempt : attempts) {
        done.add(threads.submit(() -> {
          start.await();
          attempt.run();
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      threads.shutdown();

      long countedCustomers = outcomes.values().stream().filter(o -> o.contains(Outcome.COUNTED)).count();
      assertThat(countedCustomers).isEqualTo(LIMIT);
      assertThat(outcomes.values()).allSatisfy(o -> {
        assertThat(o).hasSize(2);
        assertThat(o.stream().filter(x -> x == Outcome.COUNTED).count()).as("counted once at most").isLessThanOrEqualTo(1);
        if (o.contains(Outcome.COUNTED)) {
          assertThat(o).as("the other node sees the customer counted").contains(Outcome.ALREADY_COUNTED);
        } else {
          assertThat(o).containsOnly(Outcome.REFUSED);
        }
      });
      assertThat(db.counted()).isEqualTo(LIMIT);
      assertThat(db.countedCustomers()).isEqualTo(LIMIT);
      assertThat(node1.usage().used()).isEqualTo(LIMIT);
      assertThat(node2.usage().used()).isEqualTo(LIMIT);
    }
  }
}
