package io.atende.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerStore.Customer;
import io.atende.conversation.MessageLog.Entry;
import io.atende.limits.MessagingCosts;
import io.atende.limits.MessagingLimitReachedException;
import io.atende.limits.MessagingLimits;
import io.atende.limits.Reservation;
import io.atende.limits.ServiceWindows;
import io.atende.platform.DurableAcknowledgements;
import io.atende.whatsapp.DeliveryStatus;
import io.atende.whatsapp.GraphApi;
import io.atende.whatsapp.GraphApiException;
import io.atende.whatsapp.GraphJson;
import io.atende.whatsapp.MessageType;
import io.atende.whatsapp.OutboundMessage;
import io.atende.whatsapp.OutboundMessage.Content;
import io.atende.whatsapp.OutboundMessage.Interactive;
import io.atende.whatsapp.OutboundMessage.Media;
import io.atende.whatsapp.OutboundMessage.MediaRef;
import io.atende.whatsapp.OutboundMessage.Template;
import io.atende.whatsapp.OutboundMessage.Template.Component;
import io.atende.whatsapp.OutboundMessage.Template.Parameter;
import io.atende.whatsapp.OutboundMessage.Text;
import io.atende.whatsapp.SendPriority;
import io.atende.whatsapp.SendResult;
import io.atende.whatsapp.WhatsAppClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link MessageSender} over the WhatsApp Cloud API. A send is recorded PENDING (with its send key)
 * in its own transaction before it leaves, so the record survives a rollback of the caller's
 * transaction (a failing Camunda job); acceptance and permanent failure are recorded the same way.
 */
@Service
class WhatsAppMessageSender implements MessageSender, RecordedSends {

  /** The error code WhatsApp uses for a free-form send outside the window; our own refusal uses it too. */
  static final int OUTSIDE_WINDOW_CODE = 131047;
  static final String OUTSIDE_WINDOW_TITLE = "Not sent: outside the 24-hour window";
  static final String LIMIT_REACHED_TITLE = "Not sent: messaging limit reached";

  private static final Logger log = LoggerFactory.getLogger(WhatsAppMessageSender.class);

  private final ConversationStore conversations;
  private final CustomerStore customers;
  private final MessageLog messages;
  private final WhatsAppClient client;
  private final TransactionTemplate ownTransaction;
  private final Clock clock;
  private final ServiceWindows windows;
  private final MessagingLimits limits;
  private final MessagingCosts costs;
  private final DurableAcknowledgements durable;

  /** How long a send whose answer was lost waits for Meta's status webhook (by our send key) before it is sent again. */
  private final java.time.Duration unconfirmedWait;
  /** When this node became ready (its webhook takes Meta's statuses since), or null before. */
  private volatile Instant upSince;

  WhatsAppMessageSender(ConversationStore conversations, CustomerStore customers, MessageLog messages, WhatsAppClient client,
      PlatformTransactionManager transactions, ServiceWindows windows, MessagingLimits limits, MessagingCosts costs,
      @org.springframework.beans.factory.annotation.Value("${atende.whatsapp.unconfirmed-send-wait:15s}") java.time.Duration unconfirmedWait,
      DurableAcknowledgements durable) {
    this.durable = durable;
    this.unconfirmedWait = unconfirmedWait;
    this.windows = windows;
    this.limits = limits;
    this.costs = costs;
    this.conversations = conversations;
    this.customers = customers;
    this.messages = messages;
    this.client = client;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.clock = Clock.systemUTC();
  }

  /** What to send and how to record it. */
  private record Draft(Content content, MessageType type, String body, String mediaId, String filename, boolean freeForm,
      String category, SendPriority priority) {

    Draft(Content content, MessageType type, String body, String mediaId, String filename, boolean freeForm) {
      this(content, type, body, mediaId, filename, freeForm, null, SendPriority.REPLY);
    }
  }

  @Override
  public SentMessage sendText(long conversationId, String sendKey, String sender, String text) {
    Text content = Text.of(text);
    return send(conversationId, sendKey, sender, new Draft(content, MessageType.TEXT, text, null, null, true));
  }

  @Override
  public SentMessage sendTemplate(long conversationId, String sendKey, String sender, TemplateRequest template) {
    List<Component> components = new ArrayList<>();
    if (template.headerMedia() != null) {
      components.add(Component.header(List.of(headerMedia(template.headerMedia()))));
    } else if (!template.headerParameters().isEmpty()) {
      components.add(Component.header(template.headerParameters().stream().map(Parameter::text).toList()));
    }
    if (!template.bodyParameters().isEmpty()) {
      components.add(Component.body(template.bodyParameters().stream().map(Parameter::text).toList()));
    }
    for (ButtonParameter b : template.buttonParameters()) {
      Parameter value = "url".equals(b.subType()) ? Parameter.text(b.value()) : Parameter.payload(b.value());
      components.add(Component.button(b.subType(), b.index(), value));
    }
    Template content = Template.of(template.name(), template.languageCode(), components);
    String body = "[template " + template.name() + "]"
        + (template.bodyParameters().isEmpty() ? "" : " " + String.join(" | ", template.bodyParameters()));
    return send(conversationId, sendKey, sender, new Draft(content, MessageType.TEMPLATE, body, null, null, false));
  }

  @Override
  public SentMessage sendTemplate(long conversationId, String sendKey, String sender, PreparedTemplate template) {
    return sendTemplate(conversationId, sendKey, sender, template, SendPriority.REPLY);
  }

  @Override
  public SentMessage sendTemplate(long conversationId, String sendKey, String sender, PreparedTemplate template, SendPriority priority) {
    return send(conversationId, sendKey, sender, new Draft(template.content(), MessageType.TEMPLATE, template.text(), null, null, false,
        template.category(), priority));
  }

  @Override
  public SentMessage sendMedia(long conversationId, String sendKey, String sender, MediaRequest media) {
    Media content = new Media(media.type(), media.mediaId(), media.link(), media.caption(), media.filename());
    return send(conversationId, sendKey, sender,
        new Draft(content, media.type(), media.caption(), media.mediaId(), media.filename(), true));
  }

  @Override
  public SentMessage sendInteractive(long conversationId, String sendKey, String sender, Interactive interactive) {
    return send(conversationId, sendKey, sender,
        new Draft(interactive, MessageType.INTERACTIVE, interactive.body().text(), null, null, true));
  }

  @Override
  public void markRead(long inboundMessageId) {
    Entry message = messages.findById(inboundMessageId)
        .orElseThrow(() -> new IllegalArgumentException("No message " + inboundMessageId));
    if (message.direction() != Direction.IN || message.waMessageId() == null) {
      throw new IllegalArgumentException("Message " + inboundMessageId + " is not a customer's message; only those can be marked read");
    }
    client.markAsRead(message.phoneNumberId(), message.waMessageId());
  }

  private SentMessage send(long conversationId, String sendKey, String sender, Draft draft) {
    if (sendKey == null || sendKey.isBlank()) {
      throw new IllegalArgumentException("A send needs a send key (it makes a repeated send harmless)");
    }
    Optional<Entry> earlier = messages.findBySendKey(sendKey);
    if (earlier.isPresent()) {
      Entry before = earlier.get();
      Optional<SentMessage> done = outcomeOf(before, conversationId);
      if (done.isPresent()) {
        return done.get();
      }
      if (before.status() == DeliveryStatus.PENDING && before.statusAt() != null
          && waitingSince(before.statusAt()).isAfter(clock.instant().minus(unconfirmedWait))) {
        // an earlier try may have reached Meta with its answer lost (a timeout, a reset, a crash): Meta's status webhook
        // names our send key (biz_opaque_callback_data); until it came, or the wait is over, nothing is sent again
        throw new OutcomeUnknownException(sendKey, unconfirmedWait);
      }
    }
    Conversation conversation = conversations.findById(conversationId)
        .orElseThrow(() -> new IllegalArgumentException("No conversation " + conversationId));
    Customer customer = customers.findById(conversation.customerId()).orElseThrow();
    OutboundMessage message = new OutboundMessage(customer.address(), draft.content()).withCallbackData(sendKey);

    Instant now = clock.instant();
    ServiceWindows.Window window = windows.of(customer.id(), conversation.phoneNumberId());
    if (draft.freeForm() && !window.open(now)) {
      long id = earlier.map(Entry::id).orElseGet(() -> record(conversation, sendKey, sender, draft, message, DeliveryStatus.PENDING));
      String details = window.lastInboundAt() == null
          ? "The customer has never written to this number; only an approved template can start the conversation."
          : "The customer's last message to this number was at " + window.lastInboundAt() + ", more than 24 hours ago; only an approved template can be sent.";
      inOwnTransaction(() -> {
        messages.markFailed(id, OUTSIDE_WINDOW_CODE, OUTSIDE_WINDOW_TITLE, details);
        return null;
      });
      log.info("Free-form {} of conversation {} not sent: outside the 24-hour window", draft.type().apiName(), conversationId);
      throw new OutsideServiceWindowException(conversationId);
    }

    // a business-initiated template counts against the portfolio's messaging limit; over it, it does not leave
    Reservation reservation = draft.freeForm() ? null : limits.reserve(conversation.phoneNumberId(), customer.id());
    long id = earlier.map(Entry::id).orElseGet(() -> record(conversation, sendKey, sender, draft, message, DeliveryStatus.PENDING));
    if (reservation != null && !reservation.allowed()) {
      inOwnTransaction(() -> {
        messages.markFailed(id, null, LIMIT_REACHED_TITLE, reservation.reason());
        return null;
      });
      throw new MessagingLimitReachedException(reservation);
    }
    SendResult result;
    try {
      result = client.send(conversation.phoneNumberId(), message, draft.priority());
    } catch (GraphApiException e) {
      // Meta answered with an error: it did not take the message (shown failed; a retry sends it on this record). No
      // answer at all (a timeout, a reset) leaves it pending: it may have left, and its status webhook will tell
      if (!e.transientError() || e.httpStatus() > 0) {
        inOwnTransaction(() -> {
          messages.markFailed(id, e.code(), e.title(), e.details());
          return null;
        });
      }
      if (!e.transientError()) {
        limits.release(reservation);
      }
      throw e;
    }
    inOwnTransaction(() -> {
      messages.markAccepted(id, result.waMessageId());
      if (draft.content() instanceof Template t) {
        costs.templateSent(id, conversation.phoneNumberId(), t.name(), t.language() == null ? null : t.language().code(),
            draft.category(), now);
      }
      return null;
    });
    adoptWaId(customer.id(), customer.waId(), result);
    return new SentMessage(id, result.waMessageId(), DeliveryStatus.ACCEPTED);
  }

  private void adoptWaId(long customerId, String knownWaId, SendResult result) {
    if (result.waId() != null && knownWaId != null && !result.waId().equals(knownWaId)) {
      // Meta knows the customer by another id (Brazil's ninth digit): their replies will come from it. In a transaction
      // of its own, after the outcome's: a customer registered with that id at the same moment (the same person in a
      // sheet twice, with and without the ninth digit) makes it fail, and the send must stay recorded as sent
      try {
        inOwnTransaction(() -> {
          customers.adoptWaId(customerId, result.waId());
          return null;
        });
      } catch (DuplicateKeyException e) {
        log.info("Customer {} is known to WhatsApp by an id another customer registered meanwhile; left as it was", customerId);
      }
    }
  }

  // --- RecordedSends: a batch's page of template sends, recorded together before any leaves ---

  @Override
  public List<Entry> findBySendKeys(java.util.Collection<String> sendKeys) {
    return messages.findBySendKeys(sendKeys);
  }

  @Override
  public boolean awaitingStatus(Entry earlier) {
    return earlier.waMessageId() == null && earlier.status() == DeliveryStatus.PENDING && earlier.statusAt() != null
        && waitingSince(earlier.statusAt()).isAfter(clock.instant().minus(unconfirmedWait));
  }

  @Override
  public RecordedSend record(Customer customer, long conversationId, String phoneNumberId, String sendKey, String sender,
      PreparedTemplate template, Entry earlier) {
    OutboundMessage message = new OutboundMessage(customer.address(), template.content()).withCallbackData(sendKey);
    long id;
    if (earlier != null) {
      if (earlier.waMessageId() != null) {
        throw new IllegalStateException("Send key '" + sendKey + "' was sent already");
      }
      if (earlier.status() == DeliveryStatus.FAILED) {
        messages.reopenFailed(earlier.id());
      }
      id = earlier.id();
    } else {
      id = messages.record(new MessageLog.NewMessage(customer.id(), conversationId, phoneNumberId, Direction.OUT, sender, null,
          sendKey, MessageType.TEMPLATE, template.text(), null, null, null, payload(message), DeliveryStatus.PENDING, clock.instant()));
    }
    return new RecordedSend(id, sendKey, customer.id(), customer.waId(), conversationId, phoneNumberId, message, template);
  }

  @Override
  public void makeDurable() {
    durable.flush();
  }

  @Override
  public SendResult deliver(RecordedSend send, SendPriority priority) {
    try {
      return client.send(send.phoneNumberId(), send.message(), priority);
    } catch (GraphApiException e) {
      // as a single send: Meta's refusal is recorded; no answer at all leaves the record pending for its status
      if (!e.transientError() || e.httpStatus() > 0) {
        inOwnTransaction(() -> {
          messages.markFailed(send.messageId(), e.code(), e.title(), e.details());
          return null;
        });
      }
      throw e;
    }
  }

  @Override
  public SentMessage accepted(RecordedSend send, SendResult result) {
    messages.markAccepted(send.messageId(), result.waMessageId());
    Template t = send.message().content() instanceof Template template ? template : null;
    if (t != null) {
      costs.templateSent(send.messageId(), send.phoneNumberId(), t.name(), t.language() == null ? null : t.language().code(),
          send.template().category(), clock.instant());
    }
    return new SentMessage(send.messageId(), result.waMessageId(), DeliveryStatus.ACCEPTED);
  }

  @Override
  public void adoptWaId(RecordedSend send, SendResult result) {
    adoptWaId(send.customerId(), send.customerWaId(), result);
  }

  /**
   * From when a send whose answer was lost waits for its status: its try, or this node's start when the try came
   * before it (a crash, a restart): no status reaches a service that is down, and Meta's retries of the status webhook
   * reach it only once it is up again. Before the node is ready, from now.
   */
  private Instant waitingSince(Instant tried) {
    Instant up = upSince;
    Instant since = up == null ? clock.instant() : up;
    return tried.isAfter(since) ? tried : since;
  }

  @EventListener(ApplicationReadyEvent.class)
  void ready() {
    upSince = clock.instant();
  }

  /**
   * The outcome of an earlier call with the same send key: accepted (returned as it stands now), or not sent
   * (empty: send it on the same record). A send that failed is tried again: a job that failed for good goes to an
   * incident at once (see {@code PermanentFailuresRaiseIncidents}), so a second call means an operator retried it
   * once the cause was mended, or an agent sent the same reply again.
   */
  private Optional<SentMessage> outcomeOf(Entry earlier, long conversationId) {
    if (earlier.conversationId() == null || earlier.conversationId() != conversationId) {
      throw new IllegalArgumentException("Send key '" + earlier.sendKey() + "' was used for another conversation");
    }
    if (earlier.waMessageId() != null) {
      return Optional.of(new SentMessage(earlier.id(), earlier.waMessageId(), earlier.status()));
    }
    if (earlier.status() == DeliveryStatus.FAILED) {
      inOwnTransaction(() -> messages.reopenFailed(earlier.id()));
    }
    return Optional.empty();
  }

  private long record(Conversation conversation, String sendKey, String sender, Draft draft, OutboundMessage message, DeliveryStatus status) {
    try {
      long id = inOwnTransaction(() -> messages.record(new MessageLog.NewMessage(conversation.customerId(), conversation.id(),
          conversation.phoneNumberId(), Direction.OUT, sender, null, sendKey, draft.type(), draft.body(), draft.mediaId(), null,
          draft.filename(), payload(message), status, clock.instant())));
      // the record with its send key is on disk before the message leaves (H2's acknowledgement mode writes lazily
      // otherwise): after a crash the retry finds it and waits for Meta's status instead of sending blindly
      durable.flush();
      return id;
    } catch (DuplicateKeyException e) {
      // another thread recorded the same send key a moment ago and is sending it now
      throw new IllegalStateException("A send with key '" + sendKey + "' is already in progress", e);
    }
  }

  private <T> T inOwnTransaction(Supplier<T> work) {
    return ownTransaction.execute(status -> work.get());
  }

  private static Parameter headerMedia(HeaderMedia media) {
    MediaRef ref = new MediaRef(media.mediaId(), media.link());
    return switch (media.type()) {
      case IMAGE -> Parameter.image(ref);
      case VIDEO -> Parameter.video(ref);
      case DOCUMENT -> Parameter.document(ref);
      default -> throw new IllegalArgumentException("A template header can show an image, a video or a document; not a "
          + media.type().apiName());
    };
  }

  private static String payload(OutboundMessage message) {
    try {
      return GraphJson.mapper().writeValueAsString(GraphApi.SendRequest.of(message));
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
