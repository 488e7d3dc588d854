package io.atende.conversation;

import io.atende.conversation.MessageLog.Entry;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
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
  public List<RecordedSend> recordAll(List<NewSend> sends) {
    List<OutboundMessage> outbound = new ArrayList<>(sends.size());
    List<MessageLog.NewMessage> fresh = new ArrayList<>();
    for (NewSend s : sends) {
      OutboundMessage message = new OutboundMessage(s.customer().address(), s.template().content()).withCallbackData(s.sendKey());
      outbound.add(message);
      Entry earlier = s.earlier();
      if (earlier != null) {
        if (earlier.waMessageId() != null) {
          throw new IllegalStateException("Send key '" + s.sendKey() + "' was sent already");
        }
        if (earlier.status() == DeliveryStatus.FAILED) {
          messages.reopenFailed(earlier.id());
        }
      } else {
        fresh.add(new MessageLog.NewMessage(s.customer().id(), s.conversationId(), s.phoneNumberId(), Direction.OUT, s.sender(), null,
            s.sendKey(), MessageType.TEMPLATE, s.template().text(), null, null, null, WhatsAppMessageSender.payload(message),
            DeliveryStatus.PENDING, clock.instant()));
      }
    }
    Iterator<Long> freshIds = messages.recordAll(fresh).iterator();
    List<RecordedSend> recorded = new ArrayList<>(sends.size());
    for (int i = 0; i < sends.size(); i++) {
      NewSend s = sends.get(i);
      long id = s.earlier() != null ? s.earlier().id() : freshIds.next();
      recorded.add(new RecordedSend(id, s.sendKey(), s.customer().id(), s.customer().waId(), s.conversationId(), s.phoneNumberId(),
          outbound.get(i), s.template()));
    }
    return recorded;
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
  public List<SentMessage> acceptedAll(List<Acceptance> acceptances) {
    messages.markAcceptedAll(acceptances.stream().map(a -> new MessageLog.Acceptance(a.send().messageId(), a.result().waMessageId())).toList());
    List<MessagingCosts.TemplateSend> templates = new ArrayList<>();
    for (Acceptance a : acceptances) {
      if (a.send().message().content() instanceof Template t) {
        templates.add(new MessagingCosts.TemplateSend(a.send().messageId(), a.send().phoneNumberId(), t.name(),
            t.language() == null ? null : t.language().code(), a.send().template().category(), clock.instant()));
      }
    }
    costs.templatesSent(templates);
    return acceptances.stream().map(a -> new SentMessage(a.send().messageId(), a.result().waMessageId(), DeliveryStatus.ACCEPTED)).toList();
  }

  @Override
  public void adoptWaId(RecordedSend send, SendResult result) {
    adoption.adoptIfOther(send.customerId(), send.customerWaId(), result);
  }
}
