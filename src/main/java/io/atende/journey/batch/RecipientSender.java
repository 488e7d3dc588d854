package io.atende.journey.batch;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.CustomerStore.Customer;
import io.atende.conversation.MessageLog;
import io.atende.conversation.MessageSender;
import io.atende.conversation.RecordedSends;
import io.atende.conversation.TemplateContacts;
import io.atende.integration.IntegrationEvent;
import io.atende.journey.batch.BatchStore.Batch;
import io.atende.journey.batch.BatchStore.Recipient;
import io.atende.journey.batch.BatchStore.RecipientStatus;
import io.atende.platform.IndexedLookups;
import io.atende.template.TemplateMessages;
import io.atende.template.TemplateMessages.Prepared;
import io.atende.template.TemplateProblemException;
import io.atende.template.TemplateRecord;
import io.atende.whatsapp.GraphApiException;
import io.atende.whatsapp.SendPriority;
import io.atende.whatsapp.SendResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends a batch's template to its recipients, each once, a page at a time. The send key {@code batch-<id>-<row>} makes
 * every repeat (a chunk run again after a crash or on another node) find the first send instead of sending again. A
 * customer with a conversation open on the number (in service, R21) gets the template in that conversation, where it
 * only stays in the history: no bot starts. Anyone else gets it in a conversation that carries just this notification
 * and is written closed, so their reply, with no protocol open, goes to the number's journey (the bot), as
 * template origin {@code batch} tells the routing decision. The send takes the number's rate as
 * {@link SendPriority#BULK}: at most the batches' share, after the desk's and the bot's replies.
 *
 * <p>A page's customers, messaging-limit checks, conversations and send records are written in a few transactions for
 * the whole page, and made durable, before the first of its messages leaves ({@link #prepare}); each message then
 * leaves on its own ({@link #send}); what the sends leave behind (acceptance, cost line, the recipient's mark and the
 * integrators' event) is written for several sends at once ({@link #recordSent}). One transaction per send and step
 * gave about nine commits and thirty statements a send, which held a number allowed 1,000/s to about 230 sends/s on
 * PostgreSQL (README "Batch sends").
 */
@Component
class RecipientSender {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RecipientSender.class);

  private static final TypeReference<List<String>> VALUES = new TypeReference<>() {};

  private final BatchStore store;
  private final CustomerStore customers;
  private final ConversationStore conversations;
  private final MessageLog messages;
  private final RecordedSends sends;
  private final TemplateContacts templateContacts;
  private final TemplateMessages templates;
  private final RecipientAllowance allowance;
  private final ObjectMapper json = new ObjectMapper();
  private final TransactionTemplate transactions;
  private final IndexedLookups lookups;

  RecipientSender(BatchStore store, CustomerStore customers, ConversationStore conversations, MessageLog messages, RecordedSends sends,
      TemplateContacts templateContacts, TemplateMessages templates, RecipientAllowance allowance, PlatformTransactionManager transactionManager,
      IndexedLookups lookups) {
    this.lookups = lookups;
    this.transactions = new TransactionTemplate(transactionManager);
    this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.store = store;
    this.customers = customers;
    this.conversations = conversations;
    this.messages = messages;
    this.sends = sends;
    this.templateContacts = templateContacts;
    this.templates = templates;
    this.allowance = allowance;
  }

  static String sendKey(Recipient r) {
    return "batch-" + r.batchId() + "-" + r.row();
  }

  /**
   * A recipient whose send is recorded (pending, with its send key) and durable: it may leave. {@code values}: the
   * recipient's template variables, read from the sheet's row once (the integrators' event repeats them).
   */
  record Ready(Recipient recipient, List<String> values, RecordedSends.RecordedSend send, boolean ownConversation) {}

  /**
   * A prepared page: the recipients to send now, how many were done with while preparing (sent before a crash,
   * refused by the messaging limit, their template gone) and how many wait for an earlier try's status.
   */
  record Page(List<Ready> ready, int done, int waiting) {}

  /** A send WhatsApp accepted, whose acceptance is still to be recorded. */
  record Sent(Ready ready, SendResult result) {}

  /**
   * Prepares a page of recipients (by sheet row) with the batch's template as the registry has it now (null when it is
   * gone): finds their earlier tries and registers their customers (one transaction), asks the messaging limit about all
   * of them at once (one turn of its lock), then in one transaction marks those already sent, refused or without a
   * template, and for the others finds their conversation (or records one of their own, closed) and records the send,
   * each step one statement for the page; then makes that durable. Nothing has left yet.
   */
  Page prepare(Batch batch, TemplateRecord current, List<Recipient> page) {
    Map<String, MessageLog.Entry> earlier = new HashMap<>();
    Map<Integer, Customer> byRow = transactions.execute(tx -> {
      lookups.forThisTransaction();
      sends.findBySendKeys(page.stream().map(RecipientSender::sendKey).toList()).forEach(e -> earlier.put(e.sendKey(), e));
      Map<String, String> names = new LinkedHashMap<>();
      page.forEach(r -> names.putIfAbsent(r.waId(), r.name()));
      Map<String, Customer> byWaId = customers.findOrCreateAllByWaId(names);
      Map<Integer, Customer> found = new HashMap<>();
      page.forEach(r -> found.put(r.row(), byWaId.get(r.waId())));
      return found;
    });
    Map<Long, RecipientAllowance.Allowance> allowed = allowance.checkAll(batch.phoneNumberId(),
        page.stream().map(r -> byRow.get(r.row()).id()).distinct().toList());

    List<Ready> ready = new ArrayList<>();
    int[] doneAndWaiting = new int[2];
    transactions.executeWithoutResult(tx -> {
      lookups.forThisTransaction();
      List<Recipient> toSend = new ArrayList<>();
      List<List<String>> toSendValues = new ArrayList<>();
      List<Prepared> prepared = new ArrayList<>();
      for (Recipient r : page) {
        Customer customer = byRow.get(r.row());
        MessageLog.Entry before = earlier.get(sendKey(r));
        if (before != null && before.waMessageId() != null) {
          // sent before a crash, not yet marked: mark it, send nothing
          templateContacts.record(before.customerId(), batch.phoneNumberId(), TemplateContacts.Origin.BATCH, before.sentAt());
          store.markSent(r, before.id(), sentEvent(batch, r, values(r), before.customerId(), before.conversationId(), before.id()));
          doneAndWaiting[0]++;
          continue;
        }
        if (before != null && sends.awaitingStatus(before)) {
          // an earlier try may have reached WhatsApp with its answer lost: the row stays queued until Meta's status names
          // its send key (or the wait is over), while the batch goes on with the others
          doneAndWaiting[1]++;
          continue;
        }
        RecipientAllowance.Allowance allowance = allowed.get(customer.id());
        if (allowance != null && !allowance.allowed()) {
          store.markNotSent(r, RecipientStatus.REFUSED, null, allowance.reason());
          doneAndWaiting[0]++;
          continue;
        }
        try {
          List<String> values = values(r);
          if (current == null || !current.approved()) {
            // gone, paused or disabled since the sheet came in: the registry's rules say why
            prepared.add(templates.prepare(TemplateMessages.Request.of(batch.templateName(), batch.templateLanguage(), values)));
          } else {
            prepared.add(templates.render(current, BatchIntake.request(current, values)));
          }
          toSend.add(r);
          toSendValues.add(values);
        } catch (TemplateProblemException e) {
          store.markNotSent(r, RecipientStatus.FAILED, null, e.getMessage());
          doneAndWaiting[0]++;
        }
      }
      // the conversation each goes in: an earlier try's, the customer's open one (in service, R21), or one of its own
      Map<Long, Long> open = conversations.findOpenIds(toSend.stream().map(r -> byRow.get(r.row()).id()).toList(), batch.phoneNumberId());
      java.util.Set<Long> opening = new java.util.LinkedHashSet<>();
      for (Recipient r : toSend) {
        MessageLog.Entry before = earlier.get(sendKey(r));
        long customerId = byRow.get(r.row()).id();
        if ((before == null || before.conversationId() == null) && !open.containsKey(customerId)) {
          opening.add(customerId);
        }
      }
      // a conversation of its own carries just the notification: written closed, a reply then goes to the bot (R21)
      List<Long> customersOpening = List.copyOf(opening);
      List<Long> opened = conversations.recordClosedAll(customersOpening, batch.phoneNumberId());
      java.util.Set<Long> own = new java.util.HashSet<>(opened);
      for (int i = 0; i < customersOpening.size(); i++) {
        open.put(customersOpening.get(i), opened.get(i));
      }
      List<RecordedSends.NewSend> newSends = new ArrayList<>(toSend.size());
      for (int i = 0; i < toSend.size(); i++) {
        Recipient r = toSend.get(i);
        Customer customer = byRow.get(r.row());
        MessageLog.Entry before = earlier.get(sendKey(r));
        long conversationId = before != null && before.conversationId() != null ? before.conversationId() : open.get(customer.id());
        Prepared template = prepared.get(i);
        newSends.add(new RecordedSends.NewSend(customer, conversationId, batch.phoneNumberId(), sendKey(r), batch.createdBy(),
            new MessageSender.PreparedTemplate(template.content(), template.preview().text(), template.category()), before));
      }
      List<RecordedSends.RecordedSend> recorded = sends.recordAll(newSends);
      for (int i = 0; i < toSend.size(); i++) {
        ready.add(new Ready(toSend.get(i), toSendValues.get(i), recorded.get(i), own.contains(recorded.get(i).conversationId())));
      }
    });
    // the send keys are on disk before the first message leaves: after a crash a repeat finds them
    sends.makeDurable();
    return new Page(ready, doneAndWaiting[0], doneAndWaiting[1]);
  }

  /**
   * Sends one prepared recipient; true when it is done with, false when its outcome is unknown. Accepted: handed to
   * {@code accepted} (for {@link #recordSent}). Refused by WhatsApp for good: the row is marked failed with the error's
   * meaning. No answer at all (a read timeout, a reset): Meta may have taken it and its status will say so, the row
   * stays queued. A transient refusal (WhatsApp down) is thrown: the chunk fails and its job is tried again later.
   */
  boolean send(Ready ready, java.util.function.Consumer<Sent> accepted) {
    Recipient r = ready.recipient();
    try {
      accepted.accept(new Sent(ready, sends.deliver(ready.send(), SendPriority.BULK)));
      return true;
    } catch (GraphApiException e) {
      if (e.transientError() && e.httpStatus() == 0) {
        log.info("Batch {} row {}: the send's answer was lost; the row waits for its status", r.batchId(), r.row());
        return false;
      }
      if (e.transientError()) {
        throw e;
      }
      transactions.executeWithoutResult(tx -> {
        store.markNotSent(r, RecipientStatus.FAILED, ready.send().messageId(), MetaErrors.meaning(e.code()));
        conversations.closeIfIdle(ready.send().conversationId());
      });
      return true;
    }
  }

  /**
   * Records what several accepted sends leave behind, in one transaction: the acceptance and its cost line, the
   * template contact, the notification's conversation closed, the recipient marked sent with the integrators' event.
   * If that transaction fails, each send is recorded in one of its own (the failing one then fails alone).
   */
  void recordSent(Batch batch, List<Sent> sent) {
    if (sent.isEmpty()) {
      return;
    }
    try {
      transactions.executeWithoutResult(tx -> recordAll(batch, sent));
    } catch (RuntimeException e) {
      log.info("Batch {}: {} sends' outcomes not recorded together ({}); one at a time", batch.id(), sent.size(), e.toString());
      for (Sent s : sent) {
        transactions.executeWithoutResult(tx -> recordAll(batch, List.of(s)));
      }
    }
    for (Sent s : sent) {
      sends.adoptWaId(s.ready().send(), s.result());
    }
  }

  /** The outcomes of several accepted sends, a batched statement for each kind of row they write. */
  private void recordAll(Batch batch, List<Sent> sent) {
    lookups.forThisTransaction();
    List<MessageSender.SentMessage> messages = sends.acceptedAll(
        sent.stream().map(s -> new RecordedSends.Acceptance(s.ready().send(), s.result())).toList());
    templateContacts.recordAll(sent.stream().map(s -> s.ready().send().customerId()).toList(), batch.phoneNumberId(),
        TemplateContacts.Origin.BATCH, Instant.now());
    // the conversations the customers were in (in service, or an earlier try's), unless a protocol or a process holds them
    conversations.closeAllIfIdle(sent.stream().filter(s -> !s.ready().ownConversation()).map(s -> s.ready().send().conversationId()).toList());
    List<BatchStore.Sent> marks = new ArrayList<>(sent.size());
    for (int i = 0; i < sent.size(); i++) {
      Ready ready = sent.get(i).ready();
      RecordedSends.RecordedSend send = ready.send();
      long messageId = messages.get(i).messageId();
      marks.add(new BatchStore.Sent(ready.recipient(), messageId,
          sentEvent(batch, ready.recipient(), ready.values(), send.customerId(), send.conversationId(), messageId)));
    }
    store.markAllSent(marks);
  }

  /**
   * Prepared recipients that will not be sent in this chunk (a failure stopped it first): their records, which never
   * left, are deleted and the conversations opened for them closed, so nothing pending shows where nothing was sent;
   * the rows stay queued for the next try.
   */
  void discard(List<Ready> unsent) {
    if (unsent.isEmpty()) {
      return;
    }
    transactions.executeWithoutResult(tx -> {
      lookups.forThisTransaction();
      for (Ready ready : unsent) {
        messages.forgetUnsent(ready.send().messageId());
      }
      conversations.closeAllIfIdle(unsent.stream().map(ready -> ready.send().conversationId()).toList());
    });
  }

  /** What integrators hear of the send (README "For integrators"), published with the recipient's mark. */
  private static BatchStore.SentEvent sentEvent(Batch batch, Recipient r, List<String> values, long customerId, long conversationId,
      long messageId) {
    return new BatchStore.SentEvent(customerId, new IntegrationEvent.BatchMessageSent(batch.id(), batch.title(), r.row(),
        batch.phoneNumberId(), conversationId, messageId, batch.templateName(), batch.templateLanguage(), values, batch.createdBy()));
  }

  private List<String> values(Recipient r) {
    try {
      return json.readValue(r.variables(), VALUES);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
