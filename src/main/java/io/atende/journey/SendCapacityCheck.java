package io.atende.journey;

import io.atende.platform.SendPoolSizing;
import io.atende.whatsapp.WhatsAppProperties;
import io.atende.whatsapp.WhatsAppProperties.BusinessNumber;
import java.time.Duration;
import java.util.Optional;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Warns at start when the job executor cannot send as fast as the numbers are allowed to: each of the journey's
 * sends holds a job thread for the Graph API round trip, so the threads cap the bot's replies at about
 * threads ÷ round trip. By default the pools follow the numbers' limits ({@code io.atende.platform.SendPoolSizing});
 * this catches values set by hand that come short.
 */
@Component
class SendCapacityCheck {

  /** A Graph API round trip to Meta as seen from Brazil (100–300 ms). */
  static final Duration ROUND_TRIP = Duration.ofMillis(200);
  private static final Logger log = LoggerFactory.getLogger(SendCapacityCheck.class);

  private final WhatsAppProperties whatsApp;
  private final CamundaBpmProperties camunda;
  private final Environment environment;

  SendCapacityCheck(WhatsAppProperties whatsApp, CamundaBpmProperties camunda, Environment environment) {
    this.whatsApp = whatsApp;
    this.camunda = camunda;
    this.environment = environment;
  }

  @EventListener(ApplicationReadyEvent.class)
  void check() {
    if (!camunda.getJobExecution().isEnabled()) {
      return;
    }
    int allowed = whatsApp.numbers().stream().mapToInt(BusinessNumber::messagesPerSecond).sum();
    int threads = camunda.getJobExecution().getMaxPoolSize();
    Integer budget = environment.getProperty(SendPoolSizing.CONNECTION_BUDGET, Integer.class);
    Integer pool = environment.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class);
    Optional<String> warning = budget != null && SendPoolSizing.threadsWithin(budget) <= threads
        ? databaseShortfall(threads, allowed, whatsApp.graphRoundTrip(), budget)
        : shortfall(threads, allowed, whatsApp.graphRoundTrip());
    warning.ifPresent(log::warn);
    if (pool != null && pool <= threads) {
      log.warn("The job executor's {} threads can hold all {} connections of the pool while their sends wait for Meta, and"
          + " a send records its outcome on a second connection: sends and the webhook would wait for connections. Keep"
          + " spring.datasource.hikari.maximum-pool-size at least 24 above camunda.bpm.job-execution.max-pool-size", threads, pool);
    }
  }

  /** What to tell the operator when the database's connections, not the settings, keep the sends short of the numbers' limits. */
  static Optional<String> databaseShortfall(int threads, int allowedPerSecond, Duration roundTrip, int connections) {
    long millis = Math.max(1, roundTrip.toMillis());
    long capacity = perSecond(threads, millis);
    if (capacity >= allowedPerSecond) {
      return Optional.empty();
    }
    return Optional.of(("The database grants this node %d connections, which carry %d job threads: they send about %d"
        + " messages/s at a %d ms Graph API round trip, but the numbers are allowed %d messages/s. To use that, raise"
        + " PostgreSQL's max_connections (the nodes share it; atende.cluster.nodes says how many) or set"
        + " atende.database.max-connections for this node").formatted(connections, threads, capacity, millis, allowedPerSecond));
  }

  /** What to tell the operator when {@code threads} send fewer messages a second than the numbers are allowed. */
  static Optional<String> shortfall(int threads, int allowedPerSecond) {
    return shortfall(threads, allowedPerSecond, ROUND_TRIP);
  }

  static Optional<String> shortfall(int threads, int allowedPerSecond, Duration roundTrip) {
    long millis = Math.max(1, roundTrip.toMillis());
    long capacity = perSecond(threads, millis);
    if (capacity >= allowedPerSecond) {
      return Optional.empty();
    }
    long needed = (allowedPerSecond * millis + 999) / 1000;
    // the pools are sized from the numbers by default (io.atende.platform.SendPoolSizing): only a value set by hand
    // comes short
    return Optional.of(("The job executor's %d threads send about %d messages/s at a %d ms Graph API round trip, but the"
        + " numbers are allowed %d messages/s: to use that, raise camunda.bpm.job-execution.core-pool-size and"
        + " max-pool-size to about %d, and spring.datasource.hikari.maximum-pool-size with them (or remove the values set"
        + " by hand: by default they follow the numbers' limits and atende.whatsapp.graph-round-trip)")
        .formatted(threads, capacity, millis, allowedPerSecond, needed));
  }

  /** Sends a second that {@code threads} job threads make when each send holds one for {@code roundTripMillis}. */
  private static long perSecond(int threads, long roundTripMillis) {
    return threads * 1000L / roundTripMillis;
  }
}
