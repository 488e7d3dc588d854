package io.atende.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import io.atende.platform.DurableAcknowledgements;
import io.atende.platform.NodeName;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers the outbox's events after their transaction committed, to every route that listens: a route whose
 * {@code from} is {@code direct:atende-events} or {@code direct:atende-events-<name>} (one consumer per direct
 * endpoint, so each listening route takes its own name). Body: the event's JSON; headers {@value #TYPE},
 * {@value #ID}, {@value #CUSTOMER}, {@value #ATTEMPT}. A listener that throws fails the delivery: the event is tried
 * again with exponential backoff (the customer's later events wait: order per customer), and after
 * {@code atende.integration.max-attempts} it is dead-lettered (the customer's later events then go on). A retry
 * delivers to every listener again: listeners de-duplicate on {@value #ID}.
 */
@Component
class EventDrainer {

  static final String TYPE = "AtendeEventType";
  static final String ID = "AtendeEventId";
  static final String CUSTOMER = "AtendeCustomerKey";
  static final String ATTEMPT = "AtendeEventAttempt";

  private static final Logger log = LoggerFactory.getLogger(EventDrainer.class);

  private final Outbox outbox;
  private final CamelContext camel;
  private final ProducerTemplate producer;
  private final String node;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final Duration lease;
  private final DurableAcknowledgements durable;
  private final EventListeners listeners;
  private final int batch;
  private final Duration retention;

  EventDrainer(Outbox outbox, CamelContext camel, NodeName nodeName,
      @Value("${atende.integration.max-attempts:10}") int maxAttempts,
      @Value("${atende.integration.first-backoff:1s}") Duration firstBackoff,
      @Value("${atende.integration.max-backoff:5m}") Duration maxBackoff,
      @Value("${atende.integration.lease:2m}") Duration lease,
      @Value("${atende.integration.batch:100}") int batch,
      @Value("${atende.integration.retention:7d}") Duration retention, DurableAcknowledgements durable, EventListeners listeners) {
    this.listeners = listeners;
    this.durable = durable;
    this.retention = retention;
    this.outbox = outbox;
    this.node = nodeName.value();
    this.camel = camel;
    this.producer = camel.createProducerTemplate();
    this.maxAttempts = maxAttempts;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.lease = lease;
    this.batch = batch;
  }

  /**
   * Leases this node still held when it stopped without a goodbye (a crash, kill -9): those events were being
   * delivered and may have reached a route or not; they are due again at once (at least once) instead of after the
   * lease. Leases of other nodes are left alone: those nodes may be delivering right now.
   */
  @PostConstruct
  void takeBackOwnLeases() {
    int released = outbox.releaseLeasesOf(node);
    if (released > 0) {
      log.warn("Node {} stopped without shutting down while delivering {} integration event(s); they are delivered again now",
          node, released);
    }
  }

  @Scheduled(fixedDelayString = "${atende.integration.poll-millis:500}", initialDelayString = "${atende.integration.poll-millis:500}")
  void drain() {
    if (!camel.isStarted()) {
      return;
    }
    try {
      if (listeners.endpoints().isEmpty()) {
        // no route listens: each due event is delivered as it is, a batch in one statement (not a claim and a mark
        // each, two commits per event: about two of a customer message's commits, the benchmark showed)
        while (outbox.deliveredToNoListener(Instant.now(), batch * 10) > 0 && listeners.endpoints().isEmpty()) {
          log.debug("Integration events marked delivered: no route listens");
        }
        return;
      }
      // each pass delivers at most one event per customer (the oldest); repeat while there is work
      for (int pass = 0; pass < 50; pass++) {
        List<Long> due = outbox.due(Instant.now(), batch);
        if (due.isEmpty()) {
          return;
        }
        // what an event says is on disk before it leaves (H2's acknowledgement mode writes lazily otherwise): a crash
        // cannot undo an event a route has already delivered
        durable.flush();
        int delivered = 0;
        for (long id : due) {
          if (deliver(id)) {
            delivered++;
          }
        }
        if (delivered == 0) {
          return;
        }
      }
    } catch (RuntimeException e) {
      log.warn("Integration events not drained this time: {}", e.toString());
    }
  }

  /** Delivered events are kept {@code atende.integration.retention} (7 days) for support, then deleted. */
  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
  void purge() {
    try {
      int purged = outbox.purgeDelivered(Instant.now().minus(retention));
      log.debug("Purged {} delivered integration events", purged);
    } catch (RuntimeException e) {
      log.warn("Delivered integration events not purged this time: {}", e.toString());
    }
  }

  /** Delivers one event if this node can claim it; true if it was delivered. */
  boolean deliver(long id) {
    Instant now = Instant.now();
    if (!outbox.claim(id, node, now, now.plus(lease))) {
      return false;
    }
    Outbox.Row row = outbox.find(id).orElseThrow();
    List<String> routes = listeners.endpoints();
    try {
      for (String uri : routes) {
        Exchange exchange = producer.send(uri, e -> {
          e.getIn().setBody(row.body());
          e.getIn().setHeader(TYPE, row.type());
          e.getIn().setHeader(ID, row.eventId());
          e.getIn().setHeader(CUSTOMER, row.customerKey());
          e.getIn().setHeader(ATTEMPT, row.attempts() + 1);
          e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        });
        if (exchange.getException() != null) {
          throw exchange.getException();
        }
      }
      outbox.delivered(id, node, Instant.now());
      log.debug("Event {} ({}) delivered to {}", row.eventId(), row.type(), routes);
      return true;
    } catch (Exception e) {
      int attempt = row.attempts() + 1;
      boolean dead = attempt >= maxAttempts;
      Instant next = Instant.now().plus(backoff(attempt));
      outbox.failed(id, node, e.getClass().getSimpleName() + ": " + e.getMessage(), next, dead);
      if (dead) {
        log.warn("Integration event {} ({}) dead-lettered after {} attempts: {}", row.id(), row.type(), attempt,
            e.getClass().getSimpleName());
      } else {
        log.info("Integration event {} ({}) failed (attempt {}), tried again at {}: {}", row.id(), row.type(), attempt, next,
            e.getClass().getSimpleName());
      }
      log.debug("Integration event {} failure", row.id(), e);
      return false;
    }
  }

  Duration backoff(int attempt) {
    Duration d = firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
