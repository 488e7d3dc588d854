package io.atende.simulator;

import io.atende.simulator.ChatMessage.Billing;
import io.atende.simulator.ChatMessage.Failure;
import io.atende.simulator.ChatMessage.Status;
import io.atende.simulator.SimulatorProperties.TemplateCategory;
import io.atende.whatsapp.WhatsAppProperties;
import io.atende.whatsapp.WhatsAppProperties.BusinessNumber;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Meta does with the business's messages: accepts or refuses a send, then reports its progress
 * with status notifications ({@code sent}, {@code delivered}, {@code read}, or {@code failed}).
 */
final class BusinessSide {

  private static final Logger log = LoggerFactory.getLogger(BusinessSide.class);
  static final Duration TYPING_INDICATOR = Duration.ofSeconds(25);
  private static final String ERROR_HREF = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/";

  static final Failure RE_ENGAGEMENT = new Failure(131047, "Re-engagement message",
      "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");
  static final Failure MEDIA_UNAVAILABLE = new Failure(131053, "Media upload error",
      "Unable to retrieve media: no media with this id exists.");

  private final SimulatorProperties properties;
  private final WhatsAppProperties whatsApp;
  private final ChatStore chats;
  private final SendValidator validator;
  private final ThroughputLimiter limiter;
  private final WebhookClient webhook;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;

  BusinessSide(SimulatorProperties properties, WhatsAppProperties whatsApp, ChatStore chats, SendValidator validator,
      ThroughputLimiter limiter, WebhookClient webhook, ScheduledExecutorService scheduler, Clock clock) {
    this.properties = properties;
    this.whatsApp = whatsApp;
    this.chats = chats;
    this.validator = validator;
    this.limiter = limiter;
    this.webhook = webhook;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /** The business number of a Graph path, or Meta's "object does not exist" error. */
  BusinessNumber number(String phoneNumberId, String method) {
    return whatsApp.number(phoneNumberId).orElseThrow(() -> GraphException.unknownObject(method, phoneNumberId));
  }

  /** {@code POST /{phoneNumberId}/messages} with a message: validates, counts throughput, accepts. */
  Wire.SendResponse send(String phoneNumberId, SendRequest request) {
    number(phoneNumberId, "post");
    SendValidator.ValidSend valid = validator.validate(request);
    if (!limiter.tryAcquire(phoneNumberId)) {
      log.debug("Simulator refused a send on {}: throughput limit", phoneNumberId);
      throw GraphException.rateLimitHit();
    }
    Instant now = clock.instant();
    SendValidator.Addressee to = valid.to();
    CustomerId customer = to.isPhone() ? CustomerId.phone(to.waId()) : chats.customerByUserId(to.userId());
    boolean windowOpen = chats.windowOpen(phoneNumberId, customer.key(), now);
    ChatMessage message = ChatMessage.outbound(Ids.wamid(customer.key(), false), phoneNumberId, customer, to.waId(),
        now, valid.content(), request.bizOpaqueCallbackData(), billing(valid.template(), windowOpen));
    chats.add(message);
    Failure failure = valid.template() == null && !windowOpen ? RE_ENGAGEMENT
        : valid.unknownMediaId() != null ? MEDIA_UNAVAILABLE
        : null;
    later(properties.sentDelay(), () -> {
      if (failure != null) {
        fail(message, failure);
      } else {
        advance(message, Status.SENT);
      }
    });
    if (failure == null) {
      later(properties.sentDelay().plus(properties.deliveredDelay()), () -> advance(message, Status.DELIVERED));
    }
    return new Wire.SendResponse("whatsapp", List.of(new Wire.SendContact(to.input(), to.waId(), to.userId())),
        List.of(new Wire.SendMessage(message.id(), null)));
  }

  /** {@code POST /{phoneNumberId}/messages} with {@code status:"read"}: marks the customer's messages read. */
  Wire.Success markRead(String phoneNumberId, SendRequest request) {
    number(phoneNumberId, "post");
    SendValidator.checkMessagingProduct(request.messagingProduct());
    if (!"read".equalsIgnoreCase(request.status())) {
      throw GraphException.invalidParameter("Param status must be one of {READ} - got \"" + request.status() + "\".");
    }
    if (request.messageId() == null || request.messageId().isBlank()) {
      throw GraphException.parameterRequired("message_id");
    }
    ChatMessage read = chats.find(request.messageId())
        .filter(m -> m.direction() == ChatMessage.Direction.INBOUND && m.phoneNumberId().equals(phoneNumberId))
        .orElseThrow(() -> GraphException.invalidParameter("Invalid message_id: no message with this id was received"
            + " on phone number " + phoneNumberId + "."));
    if (request.typingIndicator() != null) {
      if (!"text".equalsIgnoreCase(request.typingIndicator().type())) {
        throw GraphException.invalidParameter("Param typing_indicator['type'] must be one of {TEXT} - got \""
            + request.typingIndicator().type() + "\".");
      }
      chats.typing(phoneNumberId, read.customerKey(), clock.instant().plus(TYPING_INDICATOR));
    }
    // Marking a message read marks the earlier ones of the chat read too, as on the phone.
    chats.chat(read.customerKey()).stream()
        .filter(m -> m.direction() == ChatMessage.Direction.INBOUND && m.phoneNumberId().equals(phoneNumberId))
        .filter(m -> !m.timestamp().isAfter(read.timestamp()))
        .forEach(ChatMessage::markReadByBusiness);
    return new Wire.Success(true);
  }

  /** The customer's chat shows these messages: the ones that reached the phone become read. */
  void seen(List<ChatMessage> shown) {
    for (ChatMessage m : shown) {
      Status status = m.direction() == ChatMessage.Direction.OUTBOUND ? m.status() : null;
      if (status == Status.SENT || status == Status.DELIVERED) {
        advance(m, Status.READ);
      }
    }
  }

  /** Moves a message forward one status at a time, notifying each step, in order. */
  private void advance(ChatMessage message, Status target) {
    synchronized (message) {
      for (Status next : List.of(Status.SENT, Status.DELIVERED, Status.READ)) {
        if (next.ordinal() > target.ordinal()) {
          break;
        }
        if (message.advanceTo(next)) {
          notifyStatus(message, statusOf(message, next.apiName(), null));
        }
      }
    }
  }

  private void fail(ChatMessage message, Failure failure) {
    synchronized (message) {
      if (message.fail(failure)) {
        Wire.ErrorEntry error = new Wire.ErrorEntry(failure.code(), failure.title(), failure.title(),
            new Wire.ErrorDetails(failure.details()), ERROR_HREF);
        notifyStatus(message, statusOf(message, "failed", List.of(error)));
      }
    }
  }

  private Wire.Status statusOf(ChatMessage m, String status, List<Wire.ErrorEntry> errors) {
    Billing b = m.billing();
    Wire.Pricing pricing = errors == null && b != null ? new Wire.Pricing(b.billable(), "PMP", b.category(), b.type()) : null;
    return new Wire.Status(m.id(), status, epochSeconds(clock.instant()), m.recipientId(), m.customer().userId(),
        m.bizOpaqueCallbackData(), pricing, errors);
  }

  private void notifyStatus(ChatMessage message, Wire.Status status) {
    BusinessNumber number = number(message.phoneNumberId(), "post");
    Wire.Value value = Wire.Value.ofStatus(Wire.Metadata.of(number), status);
    webhook.post(message.customerKey(), Wire.Notification.of(properties.wabaId(), value), status.status() + " status",
        ok -> { });
  }

  /**
   * Pricing since July 2025 (per message): service (non-template) messages are free; utility
   * templates inside an open customer service window are free; other templates are charged.
   */
  static Billing billing(SimTemplate template, boolean windowOpen) {
    if (template == null) {
      return new Billing(false, "service", "free_customer_service");
    }
    if (template.category() == TemplateCategory.UTILITY && windowOpen) {
      return new Billing(false, "utility", "free_customer_service");
    }
    return new Billing(true, template.category().pricingName(), "regular");
  }

  static String epochSeconds(Instant instant) {
    return Long.toString(instant.getEpochSecond());
  }

  private void later(Duration delay, Runnable task) {
    try {
      scheduler.schedule(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.error("Simulator status step failed", e);
        }
      }, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("Simulator stopped; status step dropped");
    }
  }
}
