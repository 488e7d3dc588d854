package io.atende.journey.batch;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.CustomerStore.Customer;
import io.atende.conversation.MessageLog;
import io.atende.conversation.MessageSender;
import io.atende.conversation.TemplateContacts;
import io.atende.integration.IntegrationEvent;
import io.atende.journey.batch.BatchStore.Batch;
import io.atende.journey.batch.BatchStore.Recipient;
import io.atende.journey.batch.BatchStore.RecipientStatus;
import io.atende.template.TemplateMessages;
import io.atende.template.TemplateMessages.Prepared;
import io.atende.template.TemplateProblemException;
import io.atende.template.TemplateRecord;
import io.atende.whatsapp.GraphApiException;
import io.atende.whatsapp.SendPriority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends a batch's template to one recipient, once. The send key {@code batch-<id>-<row>} makes every repeat (a chunk
 * run again after a crash or on another node) return the first send instead of sending again. A customer with a
 * conversation open on the number (in service, R21) gets the template in that conversation, where it only stays in the
 * history: no bot starts. Anyone else gets it in a conversation that carries just this notification and is closed at
 * once, so their reply, with no protocol open, goes to the number's journey (the bot), as template origin
 * {@code batch} tells the routing decision. The send takes the number's rate as {@link SendPriority#BULK}: at most the
 * batches' share, after the desk's and the bot's replies.
 */
@Component
class RecipientSender {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RecipientSender.class);

  private static final TypeReference<List<String>> VALUES = new TypeReference<>() {};

  private final BatchStore store;
  private final CustomerStore customers;
  private final ConversationStore conversations;
  private final MessageLog messages;
  private final MessageSender sender;
  private final TemplateContacts templateContacts;
  private final TemplateMessages templates;
  private final RecipientAllowance allowance;
  private final ObjectMapper json = new ObjectMapper();
  private final TransactionTemplate transactions;

  RecipientSender(BatchStore store, CustomerStore customers, ConversationStore conversations, MessageLog messages, MessageSender sender,
      TemplateContacts templateContacts, TemplateMessages templates, RecipientAllowance allowance, PlatformTransactionManager transactionManager) {
    this.transactions = new TransactionTemplate(transactionManager);
    this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.store = store;
    this.customers = customers;
    this.conversations = conversations;
    this.messages = messages;
    this.sender = sender;
    this.templateContacts = templateContacts;
    this.templates = templates;
    this.allowance = allowance;
  }

  static String sendKey(Recipient r) {
    return "batch-" + r.batchId() + "-" + r.row();
  }

  boolean send(Batch batch, Recipient r) {
    return send(batch, templates.find(batch.templateName(), batch.templateLanguage()).orElse(null), r);
  }

  /** A recipient's customer and what the messaging limit said, decided for a page of recipients at once. */
  record Admission(Customer customer, RecipientAllowance.Allowance allowance) {}

  /**
   * Registers the page's customers in one transaction and asks the messaging limit about all of them at once (one turn
   * of its lock, one commit), instead of once per send; by sheet row.
   */
  java.util.Map<Integer, Admission> admit(Batch batch, List<Recipient> page) {
    java.util.Map<Integer, Customer> byRow = transactions.execute(tx -> {
      java.util.Map<Integer, Customer> found = new java.util.HashMap<>();
      for (Recipient r : page) {
        found.put(r.row(), customers.findOrCreateByWaId(r.waId(), r.name()));
      }
      return found;
    });
    java.util.Map<Long, RecipientAllowance.Allowance> allowed = allowance.checkAll(batch.phoneNumberId(),
        page.stream().map(r -> byRow.get(r.row()).id()).distinct().toList());
    java.util.Map<Integer, Admission> admitted = new java.util.HashMap<>();
    byRow.forEach((row, customer) -> admitted.put(row, new Admission(customer, allowed.get(customer.id()))));
    return admitted;
  }

  /** With the batch's template as the registry has it now (read once per round), or null when it is gone. */
  boolean send(Batch batch, TemplateRecord current, Recipient r) {
    return send(batch, current, r, null);
  }

  /**
   * As {@link #send(Batch, TemplateRecord, Recipient)}, with the recipient admitted already (or null: admitted here).
   * True when the recipient is done with (sent, failed or refused); false when an earlier try's outcome is not known
   * yet (its answer was lost, or it was lost now): the recipient stays queued until Meta's status tells, and a later
   * round takes it again, while the batch goes on with the others.
   */
  boolean send(Batch batch, TemplateRecord current, Recipient r, Admission admission) {
    String key = sendKey(r);
    Optional<MessageLog.Entry> earlier = messages.findBySendKey(key);
    if (earlier.isPresent() && earlier.get().waMessageId() != null) {
      // sent before a crash, not yet marked: mark it, send nothing
      templateContacts.record(earlier.get().customerId(), batch.phoneNumberId(), TemplateContacts.Origin.BATCH, earlier.get().sentAt());
      store.markSent(r, earlier.get().id(), sentEvent(batch, r, earlier.get().customerId(), earlier.get().conversationId(),
          earlier.get().id()));
      return true;
    }
    // the customer and (below) the conversation are registered in one short transaction each, committed before the
    // send (the sender records the message in a transaction of its own, which must see them)
    Customer customer = admission != null ? admission.customer()
        : transactions.execute(tx -> customers.findOrCreateByWaId(r.waId(), r.name()));
    RecipientAllowance.Allowance allowed = admission != null && admission.allowance() != null ? admission.allowance()
        : allowance.check(batch.phoneNumberId(), customer.id());
    if (!allowed.allowed()) {
      store.markNotSent(r, RecipientStatus.REFUSED, null, allowed.reason());
      return true;
    }
    Prepared template;
    try {
      if (current == null || !current.approved()) {
        // gone, paused or disabled since the sheet came in: the registry's rules say why
        template = templates.prepare(TemplateMessages.Request.of(batch.templateName(), batch.templateLanguage(), values(r)));
      } else {
        template = templates.render(current, BatchIntake.request(current, values(r)));
      }
    } catch (TemplateProblemException e) {
      // paused, disabled or deleted since the sheet came in
      store.markNotSent(r, RecipientStatus.FAILED, null, e.getMessage());
      return true;
    }
    long conversationId = earlier.map(MessageLog.Entry::conversationId)
        .orElseGet(() -> transactions.execute(tx -> conversations.findOpen(customer.id(), batch.phoneNumberId()).map(Conversation::id)
            .orElseGet(() -> conversations.open(customer.id(), batch.phoneNumberId()).id())));

    MessageSender.SentMessage sent;
    try {
      sent = sender.sendTemplate(conversationId, key, batch.createdBy(),
          new MessageSender.PreparedTemplate(template.content(), template.preview().text(), template.category()), SendPriority.BULK);
    } catch (MessageSender.OutcomeUnknownException e) {
      return false;
    } catch (GraphApiException e) {
      if (e.transientError() && e.httpStatus() == 0) {
        // no answer came (a read timeout, a reset): Meta may have taken it, and its status will say so
        log.info("Batch {} row {}: the send's answer was lost; the row waits for its status", batch.id(), r.row());
        return false;
      }
      if (e.transientError()) {
        throw e;
      }
      Long messageId = messages.findBySendKey(key).map(MessageLog.Entry::id).orElse(null);
      transactions.executeWithoutResult(tx -> {
        store.markNotSent(r, RecipientStatus.FAILED, messageId, MetaErrors.meaning(e.code()));
        conversations.closeIfIdle(conversationId);
      });
      return true;
    }
    // what the send leaves behind, with the integrators' event, in one commit
    transactions.executeWithoutResult(tx -> {
      templateContacts.record(customer.id(), batch.phoneNumberId(), TemplateContacts.Origin.BATCH, Instant.now());
      conversations.closeIfIdle(conversationId);
      store.markSent(r, sent.messageId(), sentEvent(batch, r, customer.id(), conversationId, sent.messageId()));
    });
    return true;
  }

  /** What integrators hear of the send (README "For integrators"), published with the recipient's mark. */
  private BatchStore.SentEvent sentEvent(Batch batch, Recipient r, long customerId, long conversationId, long messageId) {
    return new BatchStore.SentEvent(customerId, new IntegrationEvent.BatchMessageSent(batch.id(), batch.title(), r.row(),
        batch.phoneNumberId(), conversationId, messageId, batch.templateName(), batch.templateLanguage(), values(r), batch.createdBy()));
  }

  private List<String> values(Recipient r) {
    try {
      return json.readValue(r.variables(), VALUES);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
