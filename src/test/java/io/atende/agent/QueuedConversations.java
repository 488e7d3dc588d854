package io.atende.agent;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.Direction;
import io.atende.conversation.MessageLog;
import io.atende.conversation.MessageSender;
import io.atende.journey.ConversationProcess;
import io.atende.journey.ConversationProcess.Variables;
import io.atende.whatsapp.DeliveryStatus;
import io.atende.whatsapp.MessageType;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.context.TestComponent;

/** Test fixture: conversations that went through the bot and now wait in a queue for an agent. */
@TestComponent
class QueuedConversations {

  static final String NUMBER = "106540352242922";

  private final CustomerStore customers;
  private final ConversationStore conversations;
  private final MessageLog messages;
  private final RuntimeService runtime;
  private final TaskService tasks;
  private final JdbcClient jdbc;

  QueuedConversations(CustomerStore customers, ConversationStore conversations, MessageLog messages, RuntimeService runtime,
      TaskService tasks, JdbcClient jdbc) {
    this.customers = customers;
    this.conversations = conversations;
    this.messages = messages;
    this.runtime = runtime;
    this.tasks = tasks;
    this.jdbc = jdbc;
  }

  record Waiting(long conversationId, String taskId, String protocol) {}

  /** The customer last wrote {@code sinceLastMessage} ago; the bot exchange is in the history. */
  Waiting inQueue(String waId, String queue, String phoneNumberId, Duration sinceLastMessage) {
    CustomerStore.Customer customer = customers.findOrCreate(waId, "Cliente " + waId.substring(waId.length() - 4));
    jdbc.sql("update customer set last_inbound_at = ? where id = ?")
        .params(Timestamp.from(Instant.now().minus(sinceLastMessage)), customer.id()).update();
    jdbc.sql("delete from customer_window where customer_id = ? and phone_number_id = ?").params(customer.id(), phoneNumberId).update();
    jdbc.sql("insert into customer_window (customer_id, phone_number_id, last_inbound_at) values (?, ?, ?)")
        .params(customer.id(), phoneNumberId, Timestamp.from(Instant.now().minus(sinceLastMessage))).update();
    ConversationStore.Conversation conversation = conversations.open(customer.id(), phoneNumberId);
    String protocol = "20261122-" + String.format("%06d", conversation.id());
    conversations.setProtocol(conversation.id(), protocol);
    conversations.route(conversation.id(), queue, null);
    record(customer.id(), conversation.id(), phoneNumberId, Direction.IN, "customer", "oi, quero comprar");
    record(customer.id(), conversation.id(), phoneNumberId, Direction.OUT, "bot", "1 – Comercial\n2 – Financeiro");
    record(customer.id(), conversation.id(), phoneNumberId, Direction.IN, "customer", "1");
    record(customer.id(), conversation.id(), phoneNumberId, Direction.OUT, "bot", "Seu protocolo de atendimento é " + protocol + ".");
    var instance = runtime.createProcessInstanceByKey(ConversationProcess.KEY)
        .businessKey(io.atende.journey.CorrelationKeys.of(customer.id(), phoneNumberId))
        .startBeforeActivity(ConversationProcess.Elements.ATTEND_CUSTOMER)
        .setVariables(Map.of(Variables.CONVERSATION_ID, conversation.id(), Variables.QUEUE, queue, Variables.QUEUE_LABEL, queue,
            Variables.PROTOCOL, protocol, Variables.CUSTOMER_NAME, customer.profileName(), Variables.PHONE_NUMBER_ID, phoneNumberId,
            Variables.CUSTOMER_ID, customer.id()))
        .execute();
    conversations.attachProcess(conversation.id(), instance.getId());
    // the agent's task is in the attendance process the journey called
    String attendance = runtime.createProcessInstanceQuery().superProcessInstanceId(instance.getId()).singleResult().getId();
    return new Waiting(conversation.id(), tasks.createTaskQuery().processInstanceId(attendance).singleResult().getId(), protocol);
  }

  /** What a mocked {@code MessageSender.sendText} does in desk tests: records the text as sent and accepted. */
  MessageSender.SentMessage recordSentText(long conversationId, String sendKey, String sender, String text) {
    ConversationStore.Conversation c = conversations.findById(conversationId).orElseThrow();
    long id = messages.record(new MessageLog.NewMessage(c.customerId(), conversationId, c.phoneNumberId(), Direction.OUT, sender,
        null, sendKey, MessageType.TEXT, text, null, null, null, null, DeliveryStatus.PENDING, Instant.now()));
    messages.markAccepted(id, "wamid.sent-" + id);
    return new MessageSender.SentMessage(id, "wamid.sent-" + id, DeliveryStatus.ACCEPTED);
  }

  /** A further customer message, as the inbound route records it; returns its id. */
  long customerWrites(long conversationId, String text) {
    ConversationStore.Conversation c = conversations.findById(conversationId).orElseThrow();
    return record(c.customerId(), conversationId, c.phoneNumberId(), Direction.IN, "customer", text);
  }

  private long record(long customerId, long conversationId, String phoneNumberId, Direction direction, String sender, String text) {
    String id = "wamid.fixture-" + conversationId + "-" + messages.conversation(conversationId).size();
    return messages.record(new MessageLog.NewMessage(customerId, conversationId, phoneNumberId, direction, sender, id, null,
        MessageType.TEXT, text, null, null, null, null, direction == Direction.IN ? DeliveryStatus.DELIVERED : DeliveryStatus.READ,
        Instant.now()));
  }
}
