package io.atende.journey;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.MessageLog;
import io.atende.journey.ConversationProcess.Variables;
import io.atende.whatsapp.WhatsAppProperties;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/**
 * Starts the number's journey for a customer's message that a waiting process handed back (a survey that got a new
 * subject instead of an answer), the way {@link CustomerMessageRouter} does for route {@code journey}: the customer's
 * open conversation on the number, or a new one with the message in it, and the journey with the business key.
 */
@Component
public class JourneyStarts {

  private final RuntimeService runtimeService;
  private final ConversationStore conversations;
  private final CustomerStore customers;
  private final MessageLog messages;
  private final WhatsAppProperties whatsapp;

  JourneyStarts(RuntimeService runtimeService, ConversationStore conversations, CustomerStore customers, MessageLog messages,
      WhatsAppProperties whatsapp) {
    this.runtimeService = runtimeService;
    this.conversations = conversations;
    this.customers = customers;
    this.messages = messages;
    this.whatsapp = whatsapp;
  }

  /** @return the journey's process instance id */
  public String start(long customerId, String phoneNumberId, long messageId) {
    Conversation conversation = conversations.findOpen(customerId, phoneNumberId).orElse(null);
    if (conversation == null) {
      conversation = conversations.open(customerId, phoneNumberId);
    }
    messages.attach(messageId, conversation.id());
    String name = customers.findById(customerId)
        .map(c -> c.profileName() != null && !c.profileName().isBlank() ? c.profileName() : c.handle()).orElse("");
    String key = whatsapp.number(phoneNumberId).map(WhatsAppProperties.BusinessNumber::journey).orElse(ConversationProcess.KEY);
    ProcessInstance instance = runtimeService.startProcessInstanceByKey(key, CorrelationKeys.of(customerId, phoneNumberId),
        org.camunda.bpm.engine.variable.Variables.createVariables()
            .putValue(Variables.CONVERSATION_ID, conversation.id())
            .putValue(Variables.CUSTOMER_ID, customerId)
            .putValue(Variables.CUSTOMER_NAME, name)
            .putValue(Variables.PHONE_NUMBER_ID, phoneNumberId));
    conversations.attachProcess(conversation.id(), instance.getId());
    return instance.getId();
  }
}
