package io.atende.conversation;

import io.atende.conversation.CustomerStore.Customer;
import io.atende.conversation.MessageLog.Entry;
import io.atende.conversation.MessageSender.PreparedTemplate;
import io.atende.conversation.MessageSender.SentMessage;
import io.atende.whatsapp.OutboundMessage;
import io.atende.whatsapp.SendPriority;
import io.atende.whatsapp.SendResult;
import java.util.Collection;
import java.util.List;

/**
 * Template sends recorded many at a time before any leaves: what a batch's dispatch uses instead of one
 * {@link MessageSender#sendTemplate} per recipient, which took about nine transactions and thirty statements a send.
 * The caller records a page of sends (pending, each with its send key) in one transaction of its own and makes it
 * durable with {@link #makeDurable()} before the first leaves; each then leaves with {@link #deliver}, and the
 * acceptances are recorded several at once with {@link #acceptedAll}, again in the caller's transaction. A send whose
 * acceptance was not recorded (a crash, a failed transaction) stays pending with its send key, as one whose answer was
 * lost: Meta's status webhook names it and a later try waits for that instead of sending again.
 */
public interface RecordedSends {

  /** A send recorded pending: the record, where it goes, and the Cloud API message as it will leave. */
  record RecordedSend(long messageId, String sendKey, long customerId, String customerWaId, long conversationId,
      String phoneNumberId, OutboundMessage message, PreparedTemplate template) {}

  /** The records of these send keys that exist, if any (a page's earlier tries). */
  List<Entry> findBySendKeys(Collection<String> sendKeys);

  /**
   * Whether an earlier try is still awaited: pending, maybe reached WhatsApp with its answer lost, and the wait for its
   * status ({@code atende.whatsapp.unconfirmed-send-wait}) is not over. Send nothing for it yet.
   */
  boolean awaitingStatus(Entry earlier);

  /**
   * A template send to record: to whom, in which conversation, under which send key, and the earlier try's record to
   * take up (one that failed before WhatsApp took it, or whose wait for a status is over), or null.
   */
  record NewSend(Customer customer, long conversationId, String phoneNumberId, String sendKey, String sender,
      PreparedTemplate template, Entry earlier) {}

  /**
   * Records template sends pending in the caller's transaction (the new ones in one batched statement), or takes up
   * their earlier tries' records; in the given order. Nothing leaves.
   */
  List<RecordedSend> recordAll(List<NewSend> sends);

  /** Writes what is committed to disk where the database writes lazily (H2's acknowledgement mode). */
  void makeDurable();

  /**
   * Sends a recorded message. A refusal from WhatsApp is recorded failed (in a transaction of its own) and thrown; no
   * answer at all leaves it pending and throws too ({@code transientError()}, HTTP status 0).
   */
  SendResult deliver(RecordedSend send, SendPriority priority);

  /** A send WhatsApp accepted, with its answer. */
  record Acceptance(RecordedSend send, SendResult result) {}

  /**
   * Records WhatsApp's acceptance of several sends and their templates' cost lines, in the caller's transaction (a
   * batched statement for each kind of row).
   */
  List<SentMessage> acceptedAll(List<Acceptance> acceptances);

  /**
   * After the acceptance's commit: when Meta knows the customer by another WhatsApp id (Brazil's ninth digit), adopts
   * it in a transaction of its own (a clash with another customer leaves it as it was).
   */
  void adoptWaId(RecordedSend send, SendResult result);
}
