package io.atende.journey;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues protocol numbers: {@code YYYYMMDD-NNNNNN}, the date in {@code atende.journey.protocol-zone}
 * (America/Sao_Paulo by default) followed by that day's sequence number, zero-padded to six digits
 * ({@code 20261122-000123} is the 123rd protocol of 22 November 2026). A day with more than 999,999
 * protocols simply gets wider numbers ({@code 20261122-1000000}).
 *
 * <p>The counter is a row per day in table {@code protocol_sequence}, incremented in its own short
 * transaction: numbers are unique across nodes sharing the database (the row lock serializes them),
 * and a caller's rollback never hands the same number out twice; it may leave a gap.
 */
@Component
public class ProtocolNumbers {

  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  private static final int ATTEMPTS = 3;

  private final JdbcClient jdbc;
  private final TransactionTemplate ownTransaction;
  private final Clock clock;

  @Autowired
  ProtocolNumbers(JdbcClient jdbc, PlatformTransactionManager transactionManager, JourneyProperties properties) {
    this(jdbc, transactionManager, Clock.system(properties.protocolZone()));
  }

  ProtocolNumbers(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock) {
    this.jdbc = jdbc;
    this.ownTransaction = new TransactionTemplate(transactionManager);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.clock = clock;
  }

  /** The next protocol number of today. */
  public String next() {
    String day = LocalDate.now(clock).format(DAY);
    for (int attempt = 1; ; attempt++) {
      try {
        long number = ownTransaction.execute(status -> increment(day));
        return "%s-%06d".formatted(day, number);
      } catch (DataIntegrityViolationException e) {
        // another node created today's row at the same time: its transaction won, ours is retried
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private long increment(String day) {
    int updated = jdbc.sql("update protocol_sequence set last_number = last_number + 1 where day_key = ?").param(day).update();
    if (updated == 0) {
      jdbc.sql("insert into protocol_sequence (day_key, last_number) values (?, 1)").param(day).update();
      return 1;
    }
    return jdbc.sql("select last_number from protocol_sequence where day_key = ?").param(day).query(Long.class).single();
  }
}
