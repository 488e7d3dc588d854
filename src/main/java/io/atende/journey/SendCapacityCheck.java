package io.atende.journey;

import io.atende.whatsapp.WhatsAppProperties;
import io.atende.whatsapp.WhatsAppProperties.BusinessNumber;
import java.time.Duration;
import java.util.Optional;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Warns at start when the job executor cannot send as fast as the numbers are allowed to: each of the journey's
 * sends holds a job thread for the Graph API round trip, so the threads cap the bot's replies at about
 * threads ÷ round trip.
 */
@Component
class SendCapacityCheck {

  /** A Graph API round trip to Meta as seen from Brazil (100–300 ms). */
  static final Duration ROUND_TRIP = Duration.ofMillis(200);
  private static final Logger log = LoggerFactory.getLogger(SendCapacityCheck.class);

  private final WhatsAppProperties whatsApp;
  private final CamundaBpmProperties camunda;

  SendCapacityCheck(WhatsAppProperties whatsApp, CamundaBpmProperties camunda) {
    this.whatsApp = whatsApp;
    this.camunda = camunda;
  }

  @EventListener(ApplicationReadyEvent.class)
  void check() {
    if (!camunda.getJobExecution().isEnabled()) {
      return;
    }
    int allowed = whatsApp.numbers().stream().mapToInt(BusinessNumber::messagesPerSecond).sum();
    shortfall(camunda.getJobExecution().getMaxPoolSize(), allowed).ifPresent(log::warn);
  }

  /** What to tell the operator when {@code threads} send fewer messages a second than the numbers are allowed. */
  static Optional<String> shortfall(int threads, int allowedPerSecond) {
    long capacity = threads * 1000L / ROUND_TRIP.toMillis();
    if (capacity >= allowedPerSecond) {
      return Optional.empty();
    }
    long needed = (allowedPerSecond * ROUND_TRIP.toMillis() + 999) / 1000;
    return Optional.of(("The job executor's %d threads send about %d messages/s at a %d ms Graph API round trip, but the"
        + " numbers are allowed %d messages/s: to use that, raise camunda.bpm.job-execution.core-pool-size and"
        + " max-pool-size to about %d, and spring.datasource.hikari.maximum-pool-size with them")
        .formatted(threads, capacity, ROUND_TRIP.toMillis(), allowedPerSecond, needed));
  }
}
