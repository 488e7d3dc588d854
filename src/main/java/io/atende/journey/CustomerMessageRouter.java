package io.atende.journey;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerMessageHandler;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.MessageLog;
import io.atende.journey.AnswerQueueDispatcher.AnswerWaiting;
import io.atende.journey.ConversationProcess.Messages;
import io.atende.journey.ConversationProcess.Variables;
import io.atende.journey.ReplyRouting.Action;
import io.atende.journey.ReplyRouting.Facts;
import io.atende.journey.ReplyRouting.Route;
import io.atende.whatsapp.InboundMessage;
import io.atende.whatsapp.MessageType;
import io.atende.whatsapp.RetryShortlyException;
import io.atende.whatsapp.WhatsAppProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Who takes a customer's message: one rule for every message a customer sends to a business number, called inside
 * the inbound transaction after the message is recorded. It gathers what is going on with that customer on that
 * number ({@link Facts}, read by {@link ReplyFacts}: which message a process waits for, whether the bot is busy, whether
 * a protocol is open, where the last template came from, whether a process is on its way to wait) and asks decision
 * {@code replyRouting} ({@code processes/reply-routing.dmn}, which an analyst reads and tunes) what to do:
 * <ul>
 *   <li>{@code correlate}: the waiting process (the bot's question, an active contact waiting for the reply, a survey
 *       waiting for its answer) gets the message, by message name and business key ({@link CorrelationKeys}), with the
 *       text as the transient variable {@code answer} and the message id as {@code customerMessageId};
 *   <li>{@code desk}: the message stays in the conversation, where the agent of the open protocol reads it;
 *   <li>{@code hold}: the bot is busy between two questions; the message joins the conversation's {@link AnswerQueue}
 *       and answers the bot's next question, in arrival order ({@link AnswerQueueDispatcher});
 *   <li>{@code retry}: a process of the customer is sending (a contact's template, a survey's question) and does not wait
 *       for the reply yet: the message is routed again in a moment ({@link RetryShortlyException}: its inbound event is
 *       rolled back and tried again, the customer's later messages behind it), for up to {@code
 *       atende.journey.sending-wait} after the customer sent it; after that it is routed as if nothing were on its way;
 *   <li>{@code journey}: a conversation is opened if none is, and the journey configured for the number
 *       ({@code atende.whatsapp.numbers[n].journey}, or the decision's {@code startProcess}) starts with the business key.
 * </ul>
 * Reactions, revokes and system notices annotate a conversation and go nowhere. A conflict with a timer or job of the
 * same process is retried in a savepoint ({@link AnswerCorrelation}); if it persists, the inbound event is retried as
 * a whole. Messages of one customer come here one at a time and in order (the inbound lanes), so there is never a
 * second journey.
 */
@Component
class CustomerMessageRouter implements CustomerMessageHandler {

  private static final Logger log = LoggerFactory.getLogger(CustomerMessageRouter.class);
  /** Reactions, revokes and system notices annotate a conversation; they are no answer. */
  private static final Set<MessageType> NO_ANSWER = EnumSet.of(MessageType.REACTION, MessageType.REVOKE, MessageType.SYSTEM);
  /** Attempts when the situation changed between looking and acting (a timer took the waiting process on). */
  private static final int ROUTING_ATTEMPTS = 3;

  private final RuntimeService runtimeService;
  private final ConversationStore conversations;
  private final CustomerStore customers;
  private final MessageLog messages;
  private final ReplyFacts facts;
  private final AnswerQueue queue;
  private final AnswerCorrelation answers;
  private final ReplyRouting routing;
  private final WhatsAppProperties whatsapp;
  private final ApplicationEventPublisher events;
  private final Duration sendingWait;

  CustomerMessageRouter(RuntimeService runtimeService, ConversationStore conversations, CustomerStore customers, MessageLog messages,
      ReplyFacts facts, AnswerQueue queue, AnswerCorrelation answers, ReplyRouting routing, WhatsAppProperties whatsapp,
      ApplicationEventPublisher events, @Value("${atende.journey.sending-wait:60s}") Duration sendingWait) {
    this.sendingWait = sendingWait;
    this.runtimeService = runtimeService;
    this.conversations = conversations;
    this.customers = customers;
    this.messages = messages;
    this.facts = facts;
    this.queue = queue;
    this.answers = answers;
    this.routing = routing;
    this.whatsapp = whatsapp;
    this.events = events;
  }

  /** A message to route: who wrote, to which number, in which open conversation (or none). */
  record Arrival(long customerId, String phoneNumberId, Conversation open, long messageId, InboundMessage message) {
    String businessKey() {
      return CorrelationKeys.of(customerId, phoneNumberId);
    }
  }

  @Override
  public void onCustomerMessage(long customerId, String phoneNumberId, Conversation open, long messageId, InboundMessage message) {
    deliver(new Arrival(customerId, phoneNumberId, open, messageId, message));
  }

  Delivery deliver(Arrival arrival) {
    if (NO_ANSWER.contains(arrival.message().type())) {
      return Delivery.IGNORED;
    }
    Delivery delivery = answers.inSavepoint(() -> route(arrival));
    log.debug("Message {} of customer {} on {}: {}", arrival.messageId(), arrival.customerId(), arrival.phoneNumberId(), delivery);
    return delivery;
  }

  private Delivery route(Arrival arrival) {
    for (int attempt = 1; ; attempt++) {
      Situation situation = look(arrival);
      Route route = routing.decide(situation.facts());
      if (route.action() == Action.RETRY) {
        if (!waitedLongEnough(arrival)) {
          throw new RetryShortlyException("A process of " + arrival.businessKey() + " is sending and does not wait for message "
              + arrival.messageId() + " yet");
        }
        // what was on its way never came to wait (a send that keeps failing, an incident): routed as things are
        situation = new Situation(situation.facts().notSending(), situation.open());
        route = routing.decide(situation.facts());
      }
      Delivery delivery = act(arrival, situation, route);
      if (delivery != null) {
        return delivery;
      }
      if (attempt >= ROUTING_ATTEMPTS) {
        throw new IllegalStateException("The process waiting for " + situation.facts().waitingFor() + " of " + arrival.businessKey()
            + " stopped waiting " + attempt + " times while its message was delivered");
      }
    }
  }

  /**
   * Whether the customer sent the message {@code atende.journey.sending-wait} ago or more, by Meta's timestamp (a message
   * without one is not held back at all: nothing would bound its wait).
   */
  private boolean waitedLongEnough(Arrival arrival) {
    Instant sent = arrival.message().timestamp();
    return sent == null || !sent.plus(sendingWait).isAfter(Instant.now());
  }

  /** The facts the decision reads, and the instance of the conversation's journey (to tell the bot busy). */
  private record Situation(Facts facts, Conversation open) {}

  private Situation look(Arrival arrival) {
    return new Situation(facts.of(arrival.customerId(), arrival.phoneNumberId(), arrival.open()), arrival.open());
  }

  /** Acts on the decision; null when the waiting process no longer waits (look again). */
  private Delivery act(Arrival arrival, Situation situation, Route route) {
    Conversation open = situation.open();
    return switch (route.action()) {
      case CORRELATE -> {
        boolean forTheBot = Messages.CUSTOMER_MESSAGE.equals(situation.facts().waitingFor());
        if (forTheBot && open != null && queue.hasAny(open.id())) {
          // earlier answers wait for the bot: this one goes behind them
          yield hold(open, arrival);
        }
        yield answers.correlated(situation.facts().waitingFor(), arrival.businessKey(), arrival.message().usableText(), arrival.messageId())
            ? Delivery.CORRELATED : null;
      }
      case DESK -> Delivery.LEFT_FOR_AGENT;
      case HOLD -> {
        if (open == null) {
          throw new IllegalStateException("Decision '" + ReplyRouting.DECISION_KEY + "' says hold, but customer " + arrival.customerId()
              + " has no open conversation on " + arrival.phoneNumberId());
        }
        yield hold(open, arrival);
      }
      case JOURNEY -> start(arrival, open, route.startProcess());
      case RETRY -> throw new IllegalStateException("A retry is decided in route(), before acting");
    };
  }

  private Delivery hold(Conversation open, Arrival arrival) {
    // delivered when the bot reaches its next question, or at once if it reached it while this transaction ran
    queue.add(open.id(), arrival.messageId());
    events.publishEvent(new AnswerWaiting(open.id()));
    return Delivery.QUEUED;
  }

  private Delivery start(Arrival arrival, Conversation open, String process) {
    Conversation conversation = open;
    if (conversation == null) {
      conversation = conversations.open(arrival.customerId(), arrival.phoneNumberId());
      messages.attach(arrival.messageId(), conversation.id());
    } else {
      // answers queued for an ended journey are no answer to the new one's questions (they stay in the log)
      queue.clear(conversation.id());
    }
    String key = process != null ? process : journeyOf(arrival.phoneNumberId());
    ProcessInstance instance = runtimeService.startProcessInstanceByKey(key, arrival.businessKey(),
        org.camunda.bpm.engine.variable.Variables.createVariables()
            .putValue(Variables.CONVERSATION_ID, conversation.id())
            .putValue(Variables.CUSTOMER_ID, arrival.customerId())
            .putValue(Variables.CUSTOMER_NAME, customerName(arrival))
            .putValue(Variables.PHONE_NUMBER_ID, arrival.phoneNumberId()));
    conversations.attachProcess(conversation.id(), instance.getId());
    return Delivery.STARTED;
  }

  /** The journey configured for the number; {@code conversation} when the number is not configured. */
  private String journeyOf(String phoneNumberId) {
    return whatsapp.number(phoneNumberId).map(WhatsAppProperties.BusinessNumber::journey).orElse(ConversationProcess.KEY);
  }

  /** The customer's name as recorded with this message (cut to its column), else their handle. */
  private String customerName(Arrival arrival) {
    return customers.findById(arrival.customerId())
        .map(c -> c.profileName() != null && !c.profileName().isBlank() ? c.profileName().trim() : c.handle())
        .orElse(arrival.message().from());
  }

}
