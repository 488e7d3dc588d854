package io.atende.whatsapp;

import io.atende.whatsapp.InboundEventStore.StoredEvent;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs stored inbound events off the request thread. Each customer maps to one {@link CustomerLanes lane}
 * (a single thread), so one customer's messages are processed in the order they arrived while different
 * customers proceed in parallel. The sweeper picks up what live dispatch did not finish: events
 * stored before a crash, and events waiting for a retry.
 */
@Component
class InboundDispatcher {

  static final String ROUTE = "direct:whatsapp-inbound";
  private static final Logger log = LoggerFactory.getLogger(InboundDispatcher.class);
  private static final int MAX_ATTEMPTS = 10;
  private static final int MAX_UNMATCHED_STATUS_ATTEMPTS = 6;
  private static final Duration SHORT_RETRY = Duration.ofMillis(200);

  private final InboundEventStore store;
  private final ProducerTemplate template;
  private final CustomerLanes lanes;
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private final TransactionTemplate transactions;
  /** One handler for every event, so that a lane sees consecutive events as one batch. */
  private final java.util.function.Consumer<List<Long>> batchRunner = this::runBatch;

  InboundDispatcher(InboundEventStore store, ProducerTemplate template, CustomerLanes lanes, PlatformTransactionManager transactionManager) {
    this.store = store;
    this.template = template;
    this.lanes = lanes;
    this.transactions = new TransactionTemplate(transactionManager);
  }

  void dispatch(List<StoredEvent> events) {
    for (StoredEvent event : events) {
      if (inFlight.add(event.id())) {
        lanes.executeBatched(event.customerKey(), event.id(), batchRunner);
      }
    }
  }

  /**
   * Events a lane took together (several customers', in arrival order) run in one transaction: each goes through the
   * inbound route as alone, the route's transaction joining this one, and one commit ends them all. If any of them
   * fails, all are rolled back and each runs again alone, in the same order, in a transaction of its own: a failure
   * is then handled for its event only, exactly as without batches.
   */
  private void runBatch(List<Long> ids) {
    if (ids.size() > 1) {
      try {
        transactions.executeWithoutResult(status -> ids.forEach(id -> template.sendBody(ROUTE, id)));
        ids.forEach(inFlight::remove);
        return;
      } catch (RuntimeException e) {
        log.debug("A batch of {} inbound events failed; each runs alone: {}", ids.size(), e.toString());
      }
    }
    ids.forEach(this::run);
  }

  @Scheduled(fixedDelayString = "${atende.whatsapp.inbound-sweep-interval:1s}", initialDelayString = "${atende.whatsapp.inbound-sweep-delay:5s}")
  void sweep() {
    dispatch(store.due(500));
  }

  private void run(long id) {
    try {
      template.sendBody(ROUTE, id);
    } catch (RuntimeException e) {
      onFailure(id, rootCause(e));
    } finally {
      inFlight.remove(id);
    }
  }

  private void onFailure(long id, Throwable cause) {
    try {
      if (cause instanceof RetryShortlyException) {
        store.retryLater(id, SHORT_RETRY, cause.getMessage(), false);
        return;
      }
      if (cause instanceof UnprocessableEventException || isAboutTheEventsShape(cause)) {
        log.warn("Inbound event {} is parked as FAILED: {}", id, cause instanceof java.sql.SQLException ? loggable(cause) : cause.getMessage());
        store.markEnded(id, "FAILED", cause.getMessage(), true);
        return;
      }
      int attempts = store.attempts(id) + 1;
      boolean unmatched = cause instanceof MessageStatusListener.UnknownMessageException;
      if (unmatched && attempts >= MAX_UNMATCHED_STATUS_ATTEMPTS) {
        store.markEnded(id, "IGNORED", cause.getMessage(), false);
      } else if (attempts >= MAX_ATTEMPTS) {
        log.error("Inbound event {} failed {} times and is parked as FAILED: {}", id, attempts, loggable(cause));
        store.markEnded(id, "FAILED", cause.toString(), false);
      } else {
        if (!unmatched) {
          if (attempts == 1 && !(cause instanceof java.sql.SQLException)) {
            // the first failure with where it happened (the route's transaction handler does not log it again)
            log.warn("Inbound event {} failed (attempt {}), will retry: {}", id, attempts, loggable(cause), cause);
          } else {
            log.warn("Inbound event {} failed (attempt {}), will retry: {}", id, attempts, loggable(cause));
          }
        }
        store.retryLater(id, backoff(attempts), cause.toString(), true);
      }
    } catch (RuntimeException e) {
      log.error("Could not record the failure of inbound event {}; the sweeper will retry it", id, e);
    }
  }

  /**
   * Failures a retry cannot mend because they come from the event as it is (a field of the wrong type or missing, a
   * value that cannot be parsed): parked at once with the reason, so an administrator sees them and retries after
   * a fix, instead of the lane trying for an hour.
   */
  private static boolean isAboutTheEventsShape(Throwable cause) {
    return cause instanceof NullPointerException || cause instanceof ClassCastException
        || cause instanceof IllegalArgumentException || cause instanceof java.time.DateTimeException
        || cause instanceof com.fasterxml.jackson.core.JsonProcessingException
        // a value too long for its column (H2); a duplicate key is left to the retries: two nodes may race on a new customer
        || cause instanceof java.sql.SQLDataException;
  }

  /**
   * The failure as the log may show it: a database's refusal by its class and SQL state only, since its text can quote
   * the customer's data (H2's "value too long" quotes the value); the whole text stays on the event, for an
   * administrator.
   */
  static String loggable(Throwable cause) {
    if (cause instanceof java.sql.SQLException sql) {
      return sql.getClass().getName() + " (SQL state " + sql.getSQLState() + ", error " + sql.getErrorCode() + ")";
    }
    return cause.toString();
  }

  private static Duration backoff(int attempts) {
    return Duration.ofMillis(Math.min(300_000L, 500L << Math.min(attempts, 20)));
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
