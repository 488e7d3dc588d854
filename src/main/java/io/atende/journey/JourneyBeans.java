package io.atende.journey;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import java.util.List;

/**
 * The journey's delegates, listeners and their collaborators, for an engine of its own (the scenarios' sandbox, which
 * runs a changed journey before it goes live). {@code offerQueuedAnswer} is not among them: the sandbox hands the
 * customer's messages to the waits itself.
 */
public final class JourneyBeans {

  private JourneyBeans() {}

  public static List<Class<?>> classes() {
    return List.of(ConversationStore.class, CustomerStore.class, ProtocolNumbers.class, ProtocolEvents.class, MenuOptions.class,
        QueueLabels.class, BotMessages.class, ConversationEnds.class, SendTransferNotice.class, OpenProtocol.class,
        RouteToQueue.class, RecordAssignment.class, AgentCapacity.class,
        // the audit trail publishes integrators' events (into the sandbox's own database: nobody drains them there)
        io.atende.integration.IntegrationEvents.class);
  }
}
