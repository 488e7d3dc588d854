package io.atende.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class ProtocolNumbersTest {

  private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

  private DataSource dataSource;
  private JdbcTransactionManager transactions;

  @BeforeEach
  void database() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:protocols-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    dataSource = h2;
    Flyway.configure().dataSource(dataSource).load().migrate();
    transactions = new JdbcTransactionManager(dataSource);
  }

  private ProtocolNumbers numbersAt(String instant) {
    return new ProtocolNumbers(JdbcClient.create(dataSource), transactions, Clock.fixed(Instant.parse(instant), SAO_PAULO));
  }

  @Test
  void numbersAreTheLocalDateAndADailySequenceOfSixDigits() {
    ProtocolNumbers numbers = numbersAt("2026-11-22T15:00:00Z");
    assertThat(numbers.next()).isEqualTo("20261122-000001");
    assertThat(numbers.next()).isEqualTo("20261122-000002");
    assertThat(numbers.next()).matches("\\d{8}-\\d{6}");
  }

  @Test
  void sequenceStartsAgainEachDayInTheProtocolTimeZone() {
    assertThat(numbersAt("2026-11-22T15:00:00Z").next()).isEqualTo("20261122-000001");
    // 01:30 UTC on the 23rd is still the 22nd in São Paulo (UTC-3)
    assertThat(numbersAt("2026-11-23T01:30:00Z").next()).isEqualTo("20261122-000002");
    assertThat(numbersAt("2026-11-23T03:30:00Z").next()).isEqualTo("20261123-000001");
  }

  @Test
  void aNumberIsNotReusedWhenTheCallersTransactionRollsBack() {
    ProtocolNumbers numbers = numbersAt("2026-11-22T15:00:00Z");
    new TransactionTemplate(transactions).executeWithoutResult(status -> {
      numbers.next();
      status.setRollbackOnly();
    });
    assertThat(numbers.next()).isEqualTo("20261122-000002");
  }

  @Test
  void concurrentCallersGetUniqueNumbers() throws Exception {
    ProtocolNumbers numbers = numbersAt("2026-11-22T15:00:00Z");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<String>> calls = IntStream.range(0, 40).<Callable<String>>mapToObj(i -> numbers::next).toList();
      Set<String> issued = new HashSet<>();
      for (Future<String> f : pool.invokeAll(calls)) {
        issued.add(f.get());
      }
      assertThat(issued).hasSize(40).contains("20261122-000001", "20261122-000040");
    } finally {
      pool.shutdownNow();
    }
  }
}
