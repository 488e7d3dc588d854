package io.atende.journey;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Start listener of the steps where the bot waits for the customer ({@code ${offerQueuedAnswer}}): when
 * messages arrived while the bot was busy, the oldest is delivered as soon as this wait has committed.
 */
@Component("offerQueuedAnswer")
class OfferQueuedAnswer implements ExecutionListener {

  private final AnswerQueue queue;
  private final ApplicationEventPublisher events;

  OfferQueuedAnswer(AnswerQueue queue, ApplicationEventPublisher events) {
    this.queue = queue;
    this.events = events;
  }

  @Override
  public void notify(DelegateExecution execution) {
    long conversationId = JourneyVariables.conversationId(execution);
    queue.waitingCustomer(conversationId).ifPresent(customerKey -> events.publishEvent(new AnswersWaiting(conversationId, customerKey)));
  }

  /** Answers wait in the queue of this conversation; delivered on the customer's lane once committed. */
  record AnswersWaiting(long conversationId, String customerKey) {}
}
