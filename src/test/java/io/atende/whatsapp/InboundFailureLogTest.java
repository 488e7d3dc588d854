package io.atende.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLDataException;
import org.junit.jupiter.api.Test;

/** What the log says of an inbound event's failure: never the customer's data a database quotes in its refusal. */
class InboundFailureLogTest {

  @Test
  void aDatabasesRefusalIsLoggedByItsClassAndStateNotItsTextWhichMayQuoteTheCustomer() {
    SQLDataException refusal = new SQLDataException(
        "Value too long for column \"PROFILE_NAME CHARACTER VARYING(256)\": \"'Maria da Silva 11987654321 ...' (300)\"", "22001", 22001);

    assertThat(InboundDispatcher.loggable(refusal))
        .isEqualTo("java.sql.SQLDataException (SQL state 22001, error 22001)")
        .doesNotContain("Maria").doesNotContain("11987654321");
  }

  @Test
  void anyOtherFailureIsLoggedAsItIs() {
    IllegalStateException failure = new IllegalStateException("The process waiting for CustomerMessage of 7@106540352242922 stopped waiting");

    assertThat(InboundDispatcher.loggable(failure)).isEqualTo(failure.toString());
  }
}
