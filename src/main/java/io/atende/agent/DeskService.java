package io.atende.agent;

import io.atende.agent.DeskTasks.AgentTask;
import io.atende.agent.DeskViews.CustomerView;
import io.atende.agent.DeskViews.Desk;
import io.atende.agent.DeskViews.MessageView;
import io.atende.agent.DeskViews.NumberView;
import io.atende.agent.DeskViews.Window;
import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.CustomerStore.Customer;
import io.atende.conversation.MessageLog;
import io.atende.conversation.MessageSender;
import io.atende.limits.ServiceWindows;
import io.atende.conversation.ReadReceipts;
import io.atende.conversation.TemplateContacts;
import io.atende.template.TemplateMessages;
import io.atende.platform.CurrentUser;
import io.atende.whatsapp.MediaRules;
import io.atende.whatsapp.MessageType;
import io.atende.whatsapp.WhatsAppClient;
import io.atende.whatsapp.WhatsAppProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import io.atende.journey.ConversationTransfers;
import io.atende.journey.Documents;
import org.springframework.stereotype.Service;

/** The agent's desk: a conversation's customer, protocol and history; replies; the protocol form. */
@Service
class DeskService {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private final DeskTasks tasks;
  private final DeskAccess access;
  private final ConversationStore conversations;
  private final CustomerStore customers;
  private final MessageLog messages;
  private final MessageSender sender;
  private final AgentsProperties agents;
  private final WhatsAppProperties whatsApp;
  private final DeskTexts texts;
  private final ConversationTransfers transfers;
  private final WhatsAppClient whatsAppClient;
  private final ReadReceipts readReceipts;
  private final TemplateMessages templates;
  private final TemplateContacts templateContacts;
  private final ServiceWindows windows;
  private final org.camunda.bpm.engine.IdentityService identity;

  DeskService(DeskTasks tasks, DeskAccess access, ConversationStore conversations, CustomerStore customers, MessageLog messages,
      MessageSender sender, AgentsProperties agents, WhatsAppProperties whatsApp, DeskTexts texts,
      ConversationTransfers transfers, WhatsAppClient whatsAppClient, ReadReceipts readReceipts, TemplateMessages templates,
      TemplateContacts templateContacts, ServiceWindows windows, org.camunda.bpm.engine.IdentityService identity) {
    this.templates = templates;
    this.templateContacts = templateContacts;
    this.identity = identity;
    this.readReceipts = readReceipts;
    this.windows = windows;
    this.transfers = transfers;
    this.whatsAppClient = whatsAppClient;
    this.tasks = tasks;
    this.access = access;
    this.conversations = conversations;
    this.customers = customers;
    this.messages = messages;
    this.sender = sender;
    this.agents = agents;
    this.whatsApp = whatsApp;
    this.texts = texts;
  }

  Desk desk(String taskId, CurrentUser user) {
    AgentTask task = tasks.find(taskId);
    Conversation conversation = checkAccess(task.conversationId(), task, user);
    Customer customer = customers.findById(conversation.customerId()).orElseThrow();
    String display = whatsApp.number(conversation.phoneNumberId()).map(WhatsAppProperties.BusinessNumber::displayPhoneNumber).orElse(null);
    return new Desk(task.id(), task.name(), conversation.id(), conversation.protocol(), conversation.queue(),
        conversation.queue() == null ? null : agents.queueName(conversation.queue()), task.assignee(),
        customerView(customer),
        new NumberView(conversation.phoneNumberId(), display, display == null ? null : CustomerFormats.phone(display)),
        window(conversation), conversations.notes(conversation.id()),
        messages.conversation(conversation.id()).stream().map(MessageView::of).toList());
  }

  List<MessageView> messagesAfter(long conversationId, long afterId, CurrentUser user) {
    AgentTask task = tasks.forConversation(conversationId).orElse(null);
    checkAccess(conversationId, task, user);
    return messages.conversationAfter(conversationId, afterId).stream().map(MessageView::of).toList();
  }

  MessageView reply(long conversationId, String text, String idempotencyKey, CurrentUser user) {
    Conversation conversation = checkAccess(conversationId, user);
    checkOpen(conversation);
    if (text == null || text.isBlank()) {
      throw new DeskExceptions.BadRequest("The reply is empty");
    }
    if (!windows.of(conversation.customerId(), conversation.phoneNumberId()).open(Instant.now())) {
      throw new MessageSender.OutsideServiceWindowException(conversationId);
    }
    String key = sendKey(user, idempotencyKey);
    MessageSender.SentMessage sent = shownIfNotSent(key, () -> sender.sendText(conversationId, key, user.id(), text.strip()));
    return MessageView.of(messages.findById(sent.messageId()).orElseThrow());
  }

  /**
   * The way out of a closed 24-hour window ({@code wayOut: template}): an approved template, filled in by the agent,
   * into the conversation; the customer's answer reopens the window and comes to this desk (the protocol is open).
   * Allowed with the window open too. Refused (400 problem) when the template is not approved or a variable is missing.
   */
  MessageView sendTemplate(long conversationId, DeskViews.TemplateRequest request, String idempotencyKey, CurrentUser user) {
    Conversation conversation = checkAccess(conversationId, user);
    if (request == null || request.name() == null || request.name().isBlank()) {
      throw new DeskExceptions.BadRequest(texts.templateMissing());
    }
    TemplateMessages.Prepared prepared = templates.prepare(request.namedVariables() != null && !request.namedVariables().isEmpty()
        ? TemplateMessages.Request.named(request.name().strip(), request.language(), request.namedVariables())
        : TemplateMessages.Request.of(request.name().strip(), request.language(), request.variables()));
    String key = sendKey(user, idempotencyKey);
    MessageSender.SentMessage sent = shownIfNotSent(key, () -> sender.sendTemplate(conversationId, key, user.id(),
        new MessageSender.PreparedTemplate(prepared.content(), prepared.preview().text(), prepared.category())));
    templateContacts.record(conversation.customerId(), conversation.phoneNumberId(), TemplateContacts.Origin.DESK, Instant.now());
    return MessageView.of(messages.findById(sent.messageId()).orElseThrow());
  }

  /** Sends a file to the customer (R14): checked against WhatsApp's types and sizes, uploaded, then sent. */
  MessageView attach(long conversationId, byte[] content, String mimeType, String filename, String caption, String idempotencyKey,
      CurrentUser user) {
    Conversation conversation = checkAccess(conversationId, user);
    checkOpen(conversation);
    if (content == null || content.length == 0) {
      throw new DeskExceptions.BadRequest("The file is empty");
    }
    MessageType type = MediaRules.typeOf(mimeType);
    MediaRules.check(type, mimeType, content);
    String text = blankToNull(caption);
    MediaRules.checkCaption(type, text);
    if (!windows.of(conversation.customerId(), conversation.phoneNumberId()).open(Instant.now())) {
      throw new MessageSender.OutsideServiceWindowException(conversationId);
    }
    String mediaId = whatsAppClient.uploadMedia(conversation.phoneNumberId(), content, mimeType, filename);
    String key = sendKey(user, idempotencyKey);
    MessageSender.SentMessage sent = shownIfNotSent(key, () -> sender.sendMedia(conversationId, key, user.id(),
        new MessageSender.MediaRequest(type, mediaId, null, text, type == MessageType.DOCUMENT ? filename : null)));
    return MessageView.of(messages.findById(sent.messageId()).orElseThrow());
  }

  CustomerView saveCustomer(long conversationId, DeskViews.CustomerForm form, CurrentUser user) {
    Conversation conversation = checkAccess(conversationId, user);
    checkOpen(conversation);
    String document = null;
    if (form.document() != null && !form.document().isBlank()) {
      document = Documents.parse(form.document())
          .orElseThrow(() -> new DeskExceptions.BadRequest("Invalid CPF/CNPJ: the check digits do not match"))
          .value();
    }
    if (form.email() != null && !form.email().isBlank() && !EMAIL.matcher(form.email().strip()).matches()) {
      throw new DeskExceptions.BadRequest("Invalid e-mail address");
    }
    customers.saveDetails(conversation.customerId(), blankToNull(form.fullName()), blankToNull(form.email()));
    if (document != null) {
      customers.setDocument(conversation.customerId(), document);
    }
    conversations.saveNotes(conversationId, form.notes());
    return customerView(customers.findById(conversation.customerId()).orElseThrow());
  }

  private CustomerView customerView(Customer customer) {
    CustomerStore.Details details = customers.details(customer.id());
    return new CustomerView(customer.id(), customer.profileName(), details.fullName(), customer.waId(),
        customer.waId() == null ? null : CustomerFormats.phone(customer.waId()), customer.document(),
        CustomerFormats.document(customer.document()), details.email(), customer.username());
  }

  /**
   * A desk send whose outcome WhatsApp did not give (an outage, a timeout): the message is shown as failed, with the
   * reason, instead of pending forever, and the agent's retry with the same idempotency key sends it on the same record
   * (the desk form keeps the key of a message until it is sent). The agent gets the error (502).
   */
  private MessageSender.SentMessage shownIfNotSent(String key, java.util.function.Supplier<MessageSender.SentMessage> send) {
    try {
      return send.get();
    } catch (io.atende.whatsapp.GraphApiException e) {
      if (e.transientError()) {
        messages.findBySendKey(key).filter(m -> m.waMessageId() == null)
            .ifPresent(m -> messages.markFailed(m.id(), e.code(), e.title(), texts.sendNotConfirmed()));
      }
      throw e;
    }
  }

  /** A desk send's idempotency key: the client's, or a fresh one when it gave none. */
  private static String sendKey(CurrentUser user, String idempotencyKey) {
    return "desk:" + user.id() + ":" + (idempotencyKey == null || idempotencyKey.isBlank() ? UUID.randomUUID() : idempotencyKey);
  }

  /** Transfers the task's conversation to another agent or queue (R15), recorded as done by the user. */
  void transfer(String taskId, DeskViews.TransferRequest request, CurrentUser user) {
    AgentTask task = tasks.find(taskId);
    checkAccess(task.conversationId(), task, user);
    boolean toQueue = request.toQueue() != null && !request.toQueue().isBlank();
    boolean toAgent = request.toAgent() != null && !request.toAgent().isBlank();
    if (toQueue == toAgent) {
      throw new DeskExceptions.BadRequest("Give either toQueue or toAgent");
    }
    Conversation conversation = conversation(task.conversationId());
    checkOpen(conversation);
    if (toAgent) {
      checkTransferTarget(request.toAgent().trim(), conversation.phoneNumberId());
    }
    // access was checked above against our rules (the agent holds no engine right to reassign or read the process's
    // variables); the audit trail names the user
    tasks.asSystem(() -> {
      if (toQueue) {
        transfers.toQueue(taskId, request.toQueue(), request.note(), user.id());
      } else {
        transfers.toAgent(taskId, request.toAgent(), request.note(), user.id());
      }
      return null;
    });
  }

  /** A conversation goes only to an existing agent for whom its number is enabled (400 otherwise). */
  private void checkTransferTarget(String agentId, String phoneNumberId) {
    List<String> groups = tasks.asSystem(() -> identity.createUserQuery().userId(agentId).count() == 0 ? null
        : identity.createGroupQuery().groupMember(agentId).list().stream().map(org.camunda.bpm.engine.identity.Group::getId).toList());
    if (groups == null) {
      throw new DeskExceptions.BadRequest("No agent '" + agentId + "'");
    }
    if (!access.mayUseNumber(new CurrentUser(agentId, groups), phoneNumberId)) {
      throw new DeskExceptions.BadRequest("WhatsApp number " + phoneNumberId + " is not enabled for agent '" + agentId + "'");
    }
  }

  /** After its protocol closed, a conversation is read-only: no reply, attachment or form change (409). */
  private static void checkOpen(Conversation conversation) {
    if (conversation.status() == ConversationStore.Status.CLOSED) {
      throw new DeskExceptions.Closed("Conversation " + conversation.id() + " (protocol " + conversation.protocol()
          + ") is closed; it can no longer be changed");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /**
   * The desk says the conversation's messages are on the agent's screen (an explicit POST: reading with GET changes
   * nothing). Blue ticks for the customer only when the agent working the conversation reads it, not a supervisor
   * looking in; returns whether they were given.
   */
  boolean markRead(long conversationId, CurrentUser user) {
    AgentTask task = tasks.forConversation(conversationId).orElse(null);
    checkAccess(conversationId, task, user);
    if (task != null && user.id().equals(task.assignee())) {
      readReceipts.conversationSeen(conversationId);
      return true;
    }
    return false;
  }

  Conversation checkAccess(long conversationId, CurrentUser user) {
    return checkAccess(conversationId, tasks.forConversation(conversationId).orElse(null), user);
  }

  /** The conversation, if the user may see it given its open task ({@code null} when it has none). */
  private Conversation checkAccess(long conversationId, AgentTask task, CurrentUser user) {
    Conversation conversation = conversation(conversationId);
    access.checkConversation(user, conversation, task);
    return conversation;
  }

  /** The window of the conversation's customer with the conversation's business number. */
  private Window window(Conversation conversation) {
    ServiceWindows.Window window = windows.of(conversation.customerId(), conversation.phoneNumberId());
    boolean open = window.open(Instant.now());
    return new Window(open, window.closesAt().orElse(null), open ? null : texts.windowClosed());
  }

  private Conversation conversation(long id) {
    return conversations.findById(id).orElseThrow(() -> new DeskExceptions.NotFound("No conversation " + id));
  }
}
