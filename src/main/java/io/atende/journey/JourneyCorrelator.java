package io.atende.journey;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerMessageHandler;
import io.atende.conversation.CustomerStore;
import io.atende.journey.ConversationProcess.Variables;
import io.atende.journey.AnswerQueueDispatcher.AnswerWaiting;
import io.atende.whatsapp.InboundMessage;
import io.atende.whatsapp.MessageType;
import java.util.EnumSet;
import java.util.Set;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Moves the conversation process on when its customer writes (called inside the inbound transaction,
 * after the message is recorded in the message log):
 * <ul>
 *   <li>an open conversation without a running journey and without protocol starts one (business key =
 *       conversation id); there is never a second journey for one conversation;
 *   <li>while the bot waits for an answer ({@code CustomerMessage}), the message is correlated, its text
 *       as the transient variable {@code answer};
 *   <li>once the protocol is open (the conversation waits for or is with an agent) the message is not
 *       correlated: it is in the message log, where the agent reads it;
 *   <li>while the bot is busy between two questions (a send still on its way), the message joins the
 *       conversation's {@link AnswerQueue}; it answers the bot's next question, in arrival order (see
 *       {@link AnswerQueueDispatcher}).
 * </ul>
 * A conflict with a timer or job of the same journey is retried in a savepoint ({@link AnswerCorrelation});
 * if it persists, the inbound event is retried as a whole.
 */
@Component
class JourneyCorrelator implements CustomerMessageHandler {

  private static final Logger log = LoggerFactory.getLogger(JourneyCorrelator.class);
  /** Reactions, revokes and system notices annotate a conversation; they are no answer. */
  private static final Set<MessageType> NO_ANSWER = EnumSet.of(MessageType.REACTION, MessageType.REVOKE, MessageType.SYSTEM);

  private final RuntimeService runtimeService;
  private final ConversationStore conversations;
  private final CustomerStore customers;
  private final AnswerQueue queue;
  private final AnswerCorrelation answers;
  private final ApplicationEventPublisher events;

  JourneyCorrelator(RuntimeService runtimeService, ConversationStore conversations, CustomerStore customers, AnswerQueue queue,
      AnswerCorrelation answers, ApplicationEventPublisher events) {
    this.runtimeService = runtimeService;
    this.conversations = conversations;
    this.customers = customers;
    this.queue = queue;
    this.answers = answers;
    this.events = events;
  }

  /** What happened to a customer's message. */
  enum Delivery {
    STARTED,
    CORRELATED,
    /** Waits in the answer queue for the bot's next question. */
    QUEUED,
    /** Kept for the agent: the protocol is open. */
    LEFT_FOR_AGENT,
    /** Not an answer (reaction, revoke, system notice). */
    IGNORED
  }

  @Override
  public void onCustomerMessage(Conversation conversation, long messageId, InboundMessage message, boolean opened) {
    deliver(conversation, messageId, message);
  }

  Delivery deliver(Conversation conversation, long messageId, InboundMessage message) {
    if (NO_ANSWER.contains(message.type())) {
      return Delivery.IGNORED;
    }
    // with an agent or waiting for one: a chat line for the desk, not a step of the journey
    Delivery delivery = conversation.protocol() != null ? Delivery.LEFT_FOR_AGENT
        : answers.inSavepoint(() -> deliverOnce(conversation, messageId, message));
    log.debug("Message {} of conversation {}: {}", messageId, conversation.id(), delivery);
    return delivery;
  }

  private Delivery deliverOnce(Conversation conversation, long messageId, InboundMessage message) {
    String journey = conversation.processInstanceId();
    if (journey == null) {
      return start(conversation, message);
    }
    if (!queue.hasAny(conversation.id()) && answers.correlated(journey, message.usableText(), messageId)) {
      return Delivery.CORRELATED;
    }
    if (protocolOpen(conversation.id())) {
      return Delivery.LEFT_FOR_AGENT;
    }
    if (!answers.isRunning(journey)) {
      // answers queued for the ended journey are no answer to the new one's questions (they stay in the log)
      queue.clear(conversation.id());
      return start(conversation, message);
    }
    // delivered when the bot reaches its next question, or at once if it reached it while this transaction ran
    queue.add(conversation.id(), messageId);
    events.publishEvent(new AnswerWaiting(conversation.id()));
    return Delivery.QUEUED;
  }

  private boolean protocolOpen(long conversationId) {
    return conversations.findById(conversationId).map(Conversation::protocol).orElse(null) != null;
  }

  /** Called only for a conversation without protocol ({@link #deliver} leaves the others to the agent). */
  private Delivery start(Conversation conversation, InboundMessage message) {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey(ConversationProcess.KEY, String.valueOf(conversation.id()),
        org.camunda.bpm.engine.variable.Variables.createVariables()
            .putValue(Variables.CONVERSATION_ID, conversation.id())
            .putValue(Variables.CUSTOMER_NAME, customerName(conversation, message))
            .putValue(Variables.PHONE_NUMBER_ID, conversation.phoneNumberId()));
    conversations.attachProcess(conversation.id(), instance.getId());
    return Delivery.STARTED;
  }

  private String customerName(Conversation conversation, InboundMessage message) {
    if (message.profileName() != null && !message.profileName().isBlank()) {
      return message.profileName().trim();
    }
    return customers.findById(conversation.customerId())
        .map(c -> c.profileName() != null && !c.profileName().isBlank() ? c.profileName() : c.handle())
        .orElse(message.from());
  }
}
