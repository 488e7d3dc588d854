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
class WhatsAppMessageSender implements MessageSender {

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

  private final UnconfirmedSends unconfirmed;
  private final WaIdAdoption adoption;

  WhatsAppMessageSender(ConversationStore conversations, CustomerStore customers, MessageLog messages, WhatsAppClient client,
      PlatformTransactionManager transactions, ServiceWindows windows, MessagingLimits limits, MessagingCosts costs,
      UnconfirmedSends unconfirmed, WaIdAdoption adoption, DurableAcknowledgements durable) {
    this.durable = durable;
    this.unconfirmed = unconfirmed;
    this.adoption = adoption;
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
      if (unconfirmed.awaited(before)) {
        // an earlier try may have reached Meta with its answer lost (a timeout, a reset, a crash): Meta's status webhook
        // names our send key (biz_opaque_callback_data); until it came, or the wait is over, nothing is sent again
        throw new OutcomeUnknownException(sendKey, unconfirmed.waitTime());
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
    adoption.adoptIfOther(customer.id(), customer.waId(), result);
    return new SentMessage(id, result.waMessageId(), DeliveryStatus.ACCEPTED);
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

  static String payload(OutboundMessage message) {
    try {
      return GraphJson.mapper().writeValueAsString(GraphApi.SendRequest.of(message));
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
