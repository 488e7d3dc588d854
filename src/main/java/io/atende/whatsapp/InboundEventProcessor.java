package io.atende.whatsapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.atende.whatsapp.InboundEventStore.PendingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Processes one stored inbound event in one transaction: claims it, hands it to the listeners (which
 * record it and move the processes on) and commits. A failure rolls everything back, so the event
 * stays pending and is tried again; nothing is lost and nothing is applied twice.
 *
 * <p>Called by the {@code whatsapp-inbound} route in {@code routes/whatsapp-inbound.yaml}.
 */
@Component("inboundEventProcessor")
public class InboundEventProcessor {

  private static final Logger log = LoggerFactory.getLogger(InboundEventProcessor.class);

  private final InboundEventStore store;
  private final InboundMessageListener messageListener;
  private final MessageStatusListener statusListener;
  private final MessageTemplateListener templateListener;

  InboundEventProcessor(InboundEventStore store, InboundMessageListener messageListener, MessageStatusListener statusListener,
      MessageTemplateListener templateListener) {
    this.store = store;
    this.messageListener = messageListener;
    this.statusListener = statusListener;
    this.templateListener = templateListener;
  }

  /** Thrown when an earlier message of the same customer has not been processed yet. */
  static class OutOfOrderException extends RetryShortlyException {
    OutOfOrderException(long id) {
      super("Event " + id + " waits for an earlier event of the same customer");
    }
  }

  @Transactional
  public void process(long eventId) {
    PendingEvent pending = store.find(eventId).orElse(null);
    if (pending == null) {
      return;
    }
    if (pending.kind() == InboundEvent.Kind.MESSAGE && store.hasEarlierPending(pending.customerKey(), eventId)) {
      throw new OutOfOrderException(eventId);
    }
    if (!store.claim(eventId)) {
      return;
    }
    InboundEvent event = parse(pending.payload());
    if (event.kind() == InboundEvent.Kind.MESSAGE && event.customerKey() == null) {
      throw new UnprocessableEventException("Message " + event.message().id() + " names neither the customer's phone number"
          + " ('from') nor their business-scoped user id ('from_user_id', contacts[].user_id)");
    }
    switch (event.kind()) {
      case MESSAGE -> messageListener.onMessage(InboundMessage.of(event.metadata(), event.contact(), event.message()));
      case STATUS -> onStatus(event);
      case ERROR -> log.warn("Cloud API reported error {} ({}) for number {}", event.error().code(), event.error().title(),
          event.metadata() == null ? null : event.metadata().phoneNumberId());
      case TEMPLATE -> templateListener.onTemplateUpdate(event.template());
      case OTHER -> log.info("Webhook field '{}' is not handled; kept in webhook_notification", event.field());
    }
  }

  private void onStatus(InboundEvent event) {
    MessageStatusUpdate update = MessageStatusUpdate.of(event.metadata(), event.status());
    if (update.status() == null) {
      log.info("Status '{}' of {} is not tracked", event.status().status(), event.status().id());
      return;
    }
    statusListener.onStatus(update);
  }

  private static InboundEvent parse(String json) {
    try {
      return GraphJson.mapper().readValue(json, InboundEvent.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored inbound event is not readable", e);
    }
  }
}
