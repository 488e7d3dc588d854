package io.atende.conversation;

import io.atende.conversation.CustomerStore.Customer;
import io.atende.conversation.MessageLog.Entry;
import io.atende.conversation.MessageSender.PreparedTemplate;
import io.atende.conversation.MessageSender.SentMessage;
import io.atende.limits.MessagingCosts;
import io.atende.platform.DurableAcknowledgements;
import io.atende.whatsapp.DeliveryStatus;
import io.atende.whatsapp.GraphApiException;
import io.atende.whatsapp.MessageType;
import io.atende.whatsapp.OutboundMessage;
import io.atende.whatsapp.OutboundMessage.Template;
import io.atende.whatsapp.SendPriority;
import io.atende.whatsapp.SendResult;
import io.atende.whatsapp.WhatsAppClient;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link RecordedSends} over the WhatsApp Cloud API, recording as {@link WhatsAppMessageSender} does one send at a time. */
@Service
class WhatsAppRecordedSends implements RecordedSends {

  private final MessageLog messages;
  private final WhatsAppClient client;
  private final MessagingCosts costs;
  private final DurableAcknowledgements durable;
  private final UnconfirmedSends unconfirmed;
  private final WaIdAdoption adoption;
  private final TransactionTemplate ownTransaction;
  private final Clock clock = Clock.systemUTC();

  WhatsAppRecordedSends(MessageLog messages, WhatsAppClient client, MessagingCosts costs, DurableAcknowledgements durable,
      UnconfirmedSends unconfirmed, WaIdAdoption adoption, PlatformTransactionManager transactions) {
    this.messages = messages;
    this.client = client;
    this.costs = costs;
    this.durable = durable;
    this.unconfirmed = unconfirmed;
    this.adoption = adoption;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  @Override
  public List<Entry> findBySendKeys(Collection<String> sendKeys) {
    return messages.findBySendKeys(sendKeys);
  }

  @Override
  public boolean awaitingStatus(Entry earlier) {
    return unconfirmed.awaited(earlier);
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
          sendKey, MessageType.TEMPLATE, template.text(), null, null, null, WhatsAppMessageSender.payload(message),
          DeliveryStatus.PENDING, clock.instant()));
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
        ownTransaction.executeWithoutResult(tx -> messages.markFailed(send.messageId(), e.code(), e.title(), e.details()));
      }
      throw e;
    }
  }

  @Override
  public SentMessage accepted(RecordedSend send, SendResult result) {
    messages.markAccepted(send.messageId(), result.waMessageId());
    if (send.message().content() instanceof Template t) {
      costs.templateSent(send.messageId(), send.phoneNumberId(), t.name(), t.language() == null ? null : t.language().code(),
          send.template().category(), clock.instant());
    }
    return new SentMessage(send.messageId(), result.waMessageId(), DeliveryStatus.ACCEPTED);
  }

  @Override
  public void adoptWaId(RecordedSend send, SendResult result) {
    adoption.adoptIfOther(send.customerId(), send.customerWaId(), result);
  }
}
