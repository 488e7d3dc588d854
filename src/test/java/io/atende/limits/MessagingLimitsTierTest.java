package io.atende.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.atende.limits.Reservation.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The messaging limit's rules on the service's own tables (H2, no Spring context): Meta's first tier of 2,000 unique
 * customers in a rolling 24 hours, counted by direct reservations.
 */
class MessagingLimitsTierTest {

  private static final MessagingLimitsProperties FIRST_TIER = new MessagingLimitsProperties(Tier.TIER_2K, null, MessagingLimitsProperties.Scope.PORTFOLIO,
      new MessagingLimitsProperties.Texts("Limite de mensagens atingido: {limit} clientes únicos em 24 horas"));
  private static final String NUMBER = "106540352242922";
  private static final String OTHER_NUMBER = "200000000000007";

  private static LimitsDatabase db;

  @BeforeAll
  static void database() {
    db = LimitsDatabase.h2("limits-tier-test");
  }

  @BeforeEach
  void nobodyCounted() {
    db.jdbc.sql("delete from messaging_limit_reach").update();
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void aPageOfCustomersReservedAtOnceGetsWhatOneByOneWouldGive() {
    LimitsDatabase.MovableClock clock = new LimitsDatabase.MovableClock();
    MessagingLimits limits = db.node(FIRST_TIER, clock);
    List<Long> customers = db.customers("5511974", 2_003);
    for (int i = 0; i < 1_998; i++) {
      limits.reserve(NUMBER, customers.get(i));
    }

    var page = limits.reserveAll(NUMBER, List.of(customers.get(0), customers.get(1_998), customers.get(1_999), customers.get(2_000)));

    assertThat(page.get(customers.get(0)).outcome()).as("counted before").isEqualTo(Outcome.ALREADY_COUNTED);
    assertThat(page.get(customers.get(1_998)).outcome()).isEqualTo(Outcome.COUNTED);
    assertThat(page.get(customers.get(1_999)).outcome()).as("the limit's last slot").isEqualTo(Outcome.COUNTED);
    assertThat(page.get(customers.get(2_000)).outcome()).as("over the limit, in the page's order").isEqualTo(Outcome.REFUSED);
    assertThat(page.get(customers.get(2_000)).reason()).isEqualTo("Limite de mensagens atingido: 2000 clientes únicos em 24 horas");
    assertThat(limits.usage().used()).isEqualTo(2_000);
  }

  @Test
  void theTwoThousandAndFirstUniqueCustomerIn24HoursIsRefusedAtTheFirstTierUntilSlotsFreeUp() {
    LimitsDatabase.MovableClock clock = new LimitsDatabase.MovableClock();
    MessagingLimits limits = db.node(FIRST_TIER, clock);
    List<Long> customers = db.customers("5511970", 2_001);

    for (int i = 0; i < 2_000; i++) {
      Reservation r = limits.reserve(i % 2 == 0 ? NUMBER : OTHER_NUMBER, customers.get(i));
      assertThat(r.outcome()).as("customer %d", i + 1).isEqualTo(Outcome.COUNTED);
      assertThat(r.used()).isEqualTo(i + 1);
    }
    Reservation refused = limits.reserve(NUMBER, customers.get(2_000));
    Reservation again = limits.reserve(OTHER_NUMBER, customers.get(0));

    assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.limit()).isEqualTo(2_000);
    assertThat(refused.reason()).isEqualTo("Limite de mensagens atingido: 2000 clientes únicos em 24 horas");
    assertThat(again.outcome()).as("a customer already counted, on either number of the portfolio").isEqualTo(Outcome.ALREADY_COUNTED);
    assertThat(again.allowed()).isTrue();
    assertThat(limits.usage().used()).isEqualTo(2_000);
    assertThat(limits.usage().tier()).isEqualTo(Tier.TIER_2K);
    assertThat(db.counted()).isEqualTo(2_000);

    clock.advance(Duration.ofHours(24).plusSeconds(1));

    assertThat(limits.usage().used()).as("the rolling 24 hours moved on").isZero();
    assertThat(limits.reserve(NUMBER, customers.get(2_000)).outcome()).isEqualTo(Outcome.COUNTED);
    assertThat(limits.reserve(NUMBER, customers.get(0)).outcome()).as("counted again in a new 24 hours").isEqualTo(Outcome.COUNTED);
  }

  @Test
  void aReplyInsideTheWindowIsNeverCountedAndAReleasedReservationGivesItsSlotBack() {
    LimitsDatabase.MovableClock clock = new LimitsDatabase.MovableClock();
    clock.advance(Duration.ofDays(10));
    MessagingLimits limits = db.node(new MessagingLimitsProperties(Tier.TIER_2K, 1L, MessagingLimitsProperties.Scope.PORTFOLIO, FIRST_TIER.texts()), clock);
    List<Long> customers = db.customers("5511971", 3);
    new ServiceWindows(db.jdbc).customerWrote(customers.get(0), NUMBER, clock.instant().minus(Duration.ofHours(23)));

    Reservation reply = limits.reserve(NUMBER, customers.get(0));
    Reservation elsewhere = limits.reserve(OTHER_NUMBER, customers.get(1));
    Reservation over = limits.reserve(NUMBER, customers.get(2));

    assertThat(reply.outcome()).isEqualTo(Outcome.WINDOW_OPEN);
    assertThat(elsewhere.outcome()).isEqualTo(Outcome.COUNTED);
    assertThat(over.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(over.reason()).isEqualTo("Limite de mensagens atingido: 1 clientes únicos em 24 horas");
    assertThat(limits.usage().used()).isEqualTo(1);

    limits.release(reply);
    limits.release(over);
    assertThat(limits.usage().used()).as("only a COUNTED reservation is undone").isEqualTo(1);
    limits.release(elsewhere);
    assertThat(limits.usage().used()).isZero();
    assertThat(limits.reserve(NUMBER, customers.get(2)).outcome()).isEqualTo(Outcome.COUNTED);

    clock.advance(Duration.ofHours(2));
    assertThat(limits.reserve(NUMBER, customers.get(0)).outcome()).as("the window closed an hour ago").isEqualTo(Outcome.REFUSED);
  }

  @Test
  void withScopeNumberEachNumberHasTheLimitForItself() {
    LimitsDatabase.MovableClock clock = new LimitsDatabase.MovableClock();
    MessagingLimits limits = db.node(new MessagingLimitsProperties(Tier.TIER_2K, 1L, MessagingLimitsProperties.Scope.NUMBER,
        FIRST_TIER.texts()), clock);
    List<Long> customers = db.customers("5511973", 2);

    assertThat(limits.reserve(NUMBER, customers.get(0)).outcome()).isEqualTo(Outcome.COUNTED);
    assertThat(limits.reserve(NUMBER, customers.get(0)).outcome()).isEqualTo(Outcome.ALREADY_COUNTED);
    assertThat(limits.reserve(NUMBER, customers.get(1)).outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(limits.reserve(OTHER_NUMBER, customers.get(1)).outcome()).isEqualTo(Outcome.COUNTED);
    assertThat(limits.reserve(OTHER_NUMBER, customers.get(0)).outcome())
        .as("the other number's own limit is taken").isEqualTo(Outcome.REFUSED);

    Usage usage = limits.usage();
    assertThat(usage.scope()).isEqualTo(MessagingLimitsProperties.Scope.NUMBER);
    assertThat(usage.used()).isEqualTo(1);
    assertThat(usage.byNumber()).containsExactlyInAnyOrder(new Usage.NumberUsage(NUMBER, 1), new Usage.NumberUsage(OTHER_NUMBER, 1));
  }
}
