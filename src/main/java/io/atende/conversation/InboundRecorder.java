package io.atende.conversation;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerStore.Customer;
import io.atende.conversation.MessageLog.Entry;
import io.atende.integration.IntegrationEvent;
import io.atende.integration.IntegrationEvents;
import io.atende.limits.MessagingCosts;
import io.atende.limits.ServiceWindows;
import io.atende.whatsapp.DeliveryStatus;
import io.atende.whatsapp.GraphJson;
import io.atende.whatsapp.InboundMessage;
import io.atende.whatsapp.InboundMessageListener;
import io.atende.whatsapp.MessageStatusListener;
import io.atende.whatsapp.MessageStatusUpdate;
import io.atende.whatsapp.MessageType;
import io.atende.whatsapp.WebhookPayload;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Records what the channel receives: customer messages into their open conversation on that number, if any (who
 * takes the message, and whether it opens a conversation, is the {@link CustomerMessageHandler}'s decision), and
 * delivery statuses onto the messages they belong to.
 */
@Component
class InboundRecorder implements InboundMessageListener, MessageStatusListener {

  private static final Logger log = LoggerFactory.getLogger(InboundRecorder.class);

  /** Meta's system message types for a customer who moved to another phone number or business-scoped user id. */
  private static final String USER_CHANGED_NUMBER = "user_changed_number";
  private static final Set<String> IDENTITY_CHANGES = Set.of(USER_CHANGED_NUMBER, "user_changed_user_id");

  private final CustomerStore customers;
  private final ConversationStore conversations;
  private final MessageLog messages;
  private final CustomerMessageHandler handler;
  private final ApplicationEventPublisher events;
  private final ServiceWindows windows;
  private final MessagingCosts costs;
  private final IntegrationEvents integration;

  InboundRecorder(CustomerStore customers, ConversationStore conversations, MessageLog messages,
      CustomerMessageHandler handler, ApplicationEventPublisher events, ServiceWindows windows, MessagingCosts costs,
      IntegrationEvents integration) {
    this.integration = integration;
    this.windows = windows;
    this.costs = costs;
    this.customers = customers;
    this.conversations = conversations;
    this.messages = messages;
    this.handler = handler;
    this.events = events;
  }

  /** Published after a customer message is recorded (e.g. to fetch its media once committed). */
  public record CustomerMessageRecorded(long messageId, InboundMessage message) {}

  @Override
  public void onMessage(InboundMessage m) {
    if (messages.existsByWaMessageId(m.waMessageId())) {
      log.debug("Message {} already recorded", m.waMessageId());
      return;
    }
    Customer customer = customers.upsertOnInbound(
        new CustomerStore.Sender(m.from(), m.fromUserId(), m.username(), m.profileName()),
        m.type() == MessageType.SYSTEM ? null : m.timestamp());
    if (m.type() != MessageType.SYSTEM && m.timestamp() != null) {
      windows.customerWrote(customer.id(), m.phoneNumberId(), m.timestamp());
    }
    Conversation open = conversations.findOpen(customer.id(), m.phoneNumberId()).orElse(null);
    long id = messages.record(new MessageLog.NewMessage(customer.id(), open == null ? null : open.id(),
        m.phoneNumberId(), Direction.IN, "customer", m.waMessageId(), null, m.type(), m.text(),
        m.media() == null ? null : m.media().id(), m.media() == null ? null : m.media().mimeType(),
        m.media() == null ? null : m.media().filename(), toJson(m), DeliveryStatus.DELIVERED, m.timestamp()));
    followIdentityChange(customer, m);
    if (m.type() != MessageType.SYSTEM) {
      IntegrationEvent.CustomerMessageReceived received = new IntegrationEvent.CustomerMessageReceived(
          integration.customer(customer.id()), m.phoneNumberId(), id, m.waMessageId(), m.type().name().toLowerCase(),
          m.text(), m.media() == null ? null : new IntegrationEvent.Media(m.media().id(), m.media().mimeType(), m.media().filename()),
          open == null ? null : open.id(), open == null ? null : open.protocol(), m.timestamp());
      var event = integration.publish(IntegrationEvent.CUSTOMER_MESSAGE_RECEIVED, customer.id(), received);
      if (open == null) {
        // a first message: the journey opens its conversation further on in this transaction; the event names it
        integration.completeBeforeCommit(event, () -> messages.findById(id).map(Entry::conversationId)
            .flatMap(conversations::findById)
            .map(c -> received.inConversation(c.id(), c.protocol()))
            .orElse(received));
      }
    }
    events.publishEvent(new CustomerMessageRecorded(id, m));
    handler.onCustomerMessage(customer.id(), m.phoneNumberId(), open, id, m);
  }

  /**
   * Meta tells of a new number ({@code user_changed_number}) or a new business-scoped user id alone
   * ({@code user_changed_user_id}) with a system message from the old identity; later messages come from the new one.
   */
  private void followIdentityChange(Customer customer, InboundMessage m) {
    WebhookPayload.SystemChange change = m.type() == MessageType.SYSTEM ? m.payload().system() : null;
    if (change == null || !IDENTITY_CHANGES.contains(change.type())) {
      return;
    }
    if (USER_CHANGED_NUMBER.equals(change.type()) && change.waId() != null && !change.waId().equals(customer.waId())
        && !customers.changeNumber(customer.id(), change.waId())) {
      log.warn("Customer {} changed number, but another customer already has the new one; both are kept", customer.id());
    }
    if (change.userId() != null && !change.userId().equals(customer.userId()) && !customers.changeUserId(customer.id(), change.userId())) {
      log.warn("Customer {} has a new business-scoped user id, but another customer already has it; both are kept", customer.id());
    }
  }

  @Override
  public void onStatus(MessageStatusUpdate s) {
    Entry message = messages.findByWaMessageId(s.waMessageId()).or(() -> sentWithAnswerLost(s))
        .orElseThrow(() -> new UnknownMessageException(s.waMessageId()));
    boolean moved = messages.applyStatus(message, s.status(), s.timestamp(), s.errorCode(), s.errorTitle(), s.errorDetails());
    costs.priced(message.id(), message.phoneNumberId(), message.sentAt(), s);
    if (moved) {
      integration.publish(IntegrationEvent.MESSAGE_STATUS_CHANGED, message.customerId(), new IntegrationEvent.MessageStatusChanged(
          message.id(), message.waMessageId(), message.phoneNumberId(), message.conversationId(), s.status().name().toLowerCase(),
          s.errorCode(), s.errorTitle()));
    }
    if (moved && s.status() == DeliveryStatus.FAILED) {
      log.warn("Message {} failed: code {} ({})", s.waMessageId(), s.errorCode(), s.errorTitle());
    }
  }

  /**
   * A status of a send whose answer we never recorded (a timeout after the request left, a crash between Meta's 200
   * and our record): Meta echoes our send key as {@code biz_opaque_callback_data}, so the message is known by it and
   * takes Meta's id; its job, trying again, then finds it sent instead of sending it twice.
   */
  private Optional<Entry> sentWithAnswerLost(MessageStatusUpdate s) {
    if (s.callbackData() == null || s.waMessageId() == null) {
      return Optional.empty();
    }
    return messages.findBySendKey(s.callbackData())
        .filter(m -> m.waMessageId() == null && m.direction() == Direction.OUT)
        .filter(m -> s.phoneNumberId() == null || s.phoneNumberId().equals(m.phoneNumberId()))
        .flatMap(m -> {
          messages.adoptWaMessageId(m.id(), s.waMessageId());
          log.info("Message {} recognised by its send key in a status webhook: WhatsApp had taken it", m.id());
          return messages.findById(m.id());
        });
  }

  private static String toJson(InboundMessage m) {
    try {
      return GraphJson.mapper().writeValueAsString(m.payload());
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
