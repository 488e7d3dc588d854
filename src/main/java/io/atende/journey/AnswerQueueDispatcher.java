package io.atende.journey;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.journey.AnswerQueue.QueuedAnswer;
import io.atende.journey.AnswerQueue.Waiting;
import io.atende.journey.ConversationProcess.Messages;
import io.atende.whatsapp.CustomerLanes;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Delivers queued answers on the customer's lane, so they keep their place among that customer's newer
 * messages. A delivery is tried once the transaction that brought the bot to a question, or the one that queued
 * a message, has committed ({@link AnswerWaiting}). A sweep catches what those triggers missed
 * (a restart); it leaves alone conversations tried recently, whose bot is simply still busy.
 */
@Component
class AnswerQueueDispatcher {

  private static final Logger log = LoggerFactory.getLogger(AnswerQueueDispatcher.class);

  private final AnswerQueue queue;
  private final AnswerCorrelation answers;
  private final ConversationStore conversations;
  private final CustomerLanes lanes;
  private final Duration sweepAge;
  private final Set<Long> scheduled = ConcurrentHashMap.newKeySet();
  /** When a delivery was last tried per conversation (System.nanoTime), while answers wait. */
  private final Map<Long, Long> lastTried = new ConcurrentHashMap<>();

  AnswerQueueDispatcher(AnswerQueue queue, AnswerCorrelation answers, ConversationStore conversations, CustomerLanes lanes,
      @Value("${atende.journey.answer-queue-sweep-age:5s}") Duration sweepAge) {
    this.queue = queue;
    this.answers = answers;
    this.conversations = conversations;
    this.lanes = lanes;
    this.sweepAge = sweepAge;
  }

  /**
   * An answer of this conversation may be deliverable: the bot reached a question, or a message was queued for a
   * busy bot. Handled once the transaction that says so has committed, so whichever of the two commits last sees
   * the other.
   */
  record AnswerWaiting(long conversationId) {}

  @TransactionalEventListener(fallbackExecution = true)
  void onAnswerWaiting(AnswerWaiting waiting) {
    queue.waitingCustomer(waiting.conversationId()).ifPresent(customerKey -> schedule(waiting.conversationId(), customerKey));
  }

  @Scheduled(fixedDelayString = "${atende.journey.answer-queue-sweep-interval:2s}", initialDelayString = "${atende.journey.answer-queue-sweep-delay:5s}")
  void sweep() {
    long now = System.nanoTime();
    for (Waiting waiting : queue.waitingLongerThan(sweepAge, 500)) {
      Long tried = lastTried.get(waiting.conversationId());
      if (tried == null || now - tried >= sweepAge.toNanos()) {
        schedule(waiting.conversationId(), waiting.customerKey());
      }
    }
  }

  private void schedule(long conversationId, String customerKey) {
    if (scheduled.add(conversationId)) {
      lanes.execute(customerKey, () -> deliver(conversationId));
    }
  }

  private void deliver(long conversationId) {
    scheduled.remove(conversationId);
    lastTried.put(conversationId, System.nanoTime());
    try {
      deliverQueued(conversationId);
    } catch (RuntimeException e) {
      log.warn("Queued answer of conversation {} not delivered yet, the sweep tries again: {}", conversationId, e.toString());
      return;
    }
    if (!queue.hasAny(conversationId)) {
      // nothing waits any more: no later sweep would find this entry, so it would stay forever
      lastTried.remove(conversationId);
    }
  }

  /**
   * Delivers the oldest queued answer of the conversation if its bot now waits for one, in a transaction
   * of its own. A bot that is still busy gets it at its next question; a journey that will ask nothing more
   * (protocol open, or ended) drops the queue, the messages staying in the log.
   *
   * @return what happened, or null when nothing was queued
   */
  Delivery deliverQueued(long conversationId) {
    Delivery delivery = answers.inTransaction(() -> deliverQueuedOnce(conversationId));
    log.debug("Queued answer of conversation {}: {}", conversationId, delivery);
    return delivery;
  }

  private Delivery deliverQueuedOnce(long conversationId) {
    QueuedAnswer next = queue.oldest(conversationId).orElse(null);
    if (next == null) {
      return null;
    }
    Conversation conversation = conversations.findById(conversationId).orElseThrow();
    String journey = conversation.processInstanceId();
    // with a protocol the conversation is the agent's: no answer goes to the engine (decision replyRouting, "desk")
    if (conversation.protocol() == null && journey != null && answers.correlated(Messages.CUSTOMER_MESSAGE,
        CorrelationKeys.of(conversation.customerId(), conversation.phoneNumberId()), next.answer(), next.messageId())) {
      queue.remove(next.messageId());
      return Delivery.CORRELATED;
    }
    if (conversation.protocol() != null || journey == null || !answers.isRunning(journey)) {
      queue.clear(conversationId);
      return Delivery.LEFT_FOR_AGENT;
    }
    return Delivery.QUEUED;
  }
}
