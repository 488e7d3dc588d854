package io.atende.journey;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerMessageHandler;
import io.atende.conversation.CustomerStore;
import io.atende.journey.ConversationProcess.Messages;
import io.atende.journey.ConversationProcess.Variables;
import io.atende.whatsapp.InboundMessage;
import io.atende.whatsapp.MessageType;
import java.util.EnumSet;
import java.util.Set;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

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
 *   <li>while the bot is busy between two questions (a send still pending), {@link JourneyBusyException}
 *       rolls the inbound transaction back, so the inbound event is retried later and the answer lands
 *       on the bot's next question instead of being lost.
 * </ul>
 * An {@link OptimisticLockingException} (a timer or job of the same journey committing at the same time)
 * rolls back to a savepoint and the delivery is tried again, up to {@value #ATTEMPTS} times; then it
 * propagates and the inbound event is retried as a whole.
 */
@Component
class JourneyCorrelator implements CustomerMessageHandler {

  static final int ATTEMPTS = 3;
  private static final Logger log = LoggerFactory.getLogger(JourneyCorrelator.class);
  /** Reactions, revokes and system notices annotate a conversation; they are no answer. */
  private static final Set<MessageType> NO_ANSWER = EnumSet.of(MessageType.REACTION, MessageType.REVOKE, MessageType.SYSTEM);

  private final RuntimeService runtimeService;
  private final ConversationStore conversations;
  private final CustomerStore customers;
  private final TransactionOperations savepoint;

  @Autowired
  JourneyCorrelator(RuntimeService runtimeService, ConversationStore conversations, CustomerStore customers,
      PlatformTransactionManager transactionManager) {
    this(runtimeService, conversations, customers, nested(transactionManager));
  }

  JourneyCorrelator(RuntimeService runtimeService, ConversationStore conversations, CustomerStore customers,
      TransactionOperations savepoint) {
    this.runtimeService = runtimeService;
    this.conversations = conversations;
    this.customers = customers;
    this.savepoint = savepoint;
  }

  /** What happened to a customer's message. */
  enum Delivery {
    STARTED,
    CORRELATED,
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
    for (int attempt = 1; ; attempt++) {
      try {
        Delivery delivery = savepoint.execute(status -> deliverOnce(conversation, messageId, message));
        log.debug("Message {} of conversation {}: {}", messageId, conversation.id(), delivery);
        return delivery;
      } catch (OptimisticLockingException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        log.debug("Conversation {} changed concurrently (attempt {}); delivering message {} again", conversation.id(), attempt, messageId);
      }
    }
  }

  private Delivery deliverOnce(Conversation conversation, long messageId, InboundMessage message) {
    String businessKey = String.valueOf(conversation.id());
    ProcessInstance running = runtimeService.createProcessInstanceQuery().processDefinitionKey(ConversationProcess.KEY)
        .processInstanceBusinessKey(businessKey).singleResult();
    if (running == null) {
      if (conversation.protocol() != null) {
        return Delivery.LEFT_FOR_AGENT;
      }
      start(conversation, message);
      return Delivery.STARTED;
    }
    boolean waiting = runtimeService.createExecutionQuery().processInstanceId(running.getId())
        .messageEventSubscriptionName(Messages.CUSTOMER_MESSAGE).count() > 0;
    if (waiting) {
      runtimeService.createMessageCorrelation(Messages.CUSTOMER_MESSAGE)
          .processInstanceBusinessKey(businessKey)
          .setVariable(Variables.ANSWER, org.camunda.bpm.engine.variable.Variables.stringValue(
              message.hasUsableText() ? message.text().trim() : null, true))
          .setVariable(Variables.CUSTOMER_MESSAGE_ID, messageId)
          .correlateWithResult();
      return Delivery.CORRELATED;
    }
    if (conversations.findById(conversation.id()).map(Conversation::protocol).orElse(conversation.protocol()) != null) {
      return Delivery.LEFT_FOR_AGENT;
    }
    throw new JourneyBusyException(conversation.id());
  }

  private void start(Conversation conversation, InboundMessage message) {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey(ConversationProcess.KEY, String.valueOf(conversation.id()),
        org.camunda.bpm.engine.variable.Variables.createVariables()
            .putValue(Variables.CONVERSATION_ID, conversation.id())
            .putValue(Variables.CUSTOMER_NAME, customerName(conversation, message))
            .putValue(Variables.PHONE_NUMBER_ID, conversation.phoneNumberId()));
    conversations.attachProcess(conversation.id(), instance.getId());
  }

  private String customerName(Conversation conversation, InboundMessage message) {
    if (message.profileName() != null && !message.profileName().isBlank()) {
      return message.profileName().trim();
    }
    return customers.findById(conversation.customerId())
        .map(c -> c.profileName() != null && !c.profileName().isBlank() ? c.profileName() : "+" + c.waId())
        .orElse(message.from());
  }

  private static TransactionOperations nested(PlatformTransactionManager transactionManager) {
    TransactionTemplate template = new TransactionTemplate(transactionManager);
    template.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    return template;
  }

  /** The bot is between two questions; the customer's message must wait for the next one (retry later). */
  static class JourneyBusyException extends io.atende.whatsapp.RetryShortlyException {
    JourneyBusyException(long conversationId) {
      super("The bot of conversation " + conversationId + " is not waiting for an answer yet; the message will be retried");
    }
  }
}
