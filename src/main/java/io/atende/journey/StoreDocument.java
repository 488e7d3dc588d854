package io.atende.journey;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.journey.ConversationProcess.Variables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Stores the validated CPF/CNPJ (transient {@code document}) as the customer's code. */
@Component("storeDocument")
class StoreDocument implements JavaDelegate {

  private final ConversationStore conversations;
  private final CustomerStore customers;

  StoreDocument(ConversationStore conversations, CustomerStore customers) {
    this.conversations = conversations;
    this.customers = customers;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String document = JourneyVariables.string(execution, Variables.DOCUMENT);
    if (document == null) {
      throw new IllegalStateException("No validated document to store: '" + Variables.DOCUMENT
          + "' is transient and must be set by validateDocument in the same transaction");
    }
    long conversationId = JourneyVariables.conversationId(execution);
    long customerId = conversations.findById(conversationId)
        .orElseThrow(() -> new IllegalStateException("Conversation " + conversationId + " not found")).customerId();
    customers.setDocument(customerId, document);
  }
}
