package io.atende.journey;

import io.atende.journey.AnswerQueueDispatcher.AnswerWaiting;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Start listener of the steps where the bot waits for the customer ({@code ${offerQueuedAnswer}}): once this
 * wait has committed, the oldest message that arrived while the bot was busy is delivered, if there is one.
 * The queue is read after the commit, not inside it: a message queued by a transaction that committed in the
 * meantime is seen then, and a message queued later triggers its own delivery
 * (see {@link AnswerWaiting}).
 */
@Component("offerQueuedAnswer")
class OfferQueuedAnswer implements ExecutionListener {

  private final ApplicationEventPublisher events;

  OfferQueuedAnswer(ApplicationEventPublisher events) {
    this.events = events;
  }

  @Override
  public void notify(DelegateExecution execution) {
    events.publishEvent(new AnswerWaiting(JourneyVariables.conversationId(execution)));
  }
}
