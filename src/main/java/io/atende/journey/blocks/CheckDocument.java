package io.atende.journey.blocks;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.journey.Documents;
import io.atende.journey.Documents.Document;
import io.atende.journey.JourneyVariables;
import io.atende.journey.blocks.Blocks.DocumentOutcome;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * Block "Validar CPF/CNPJ" ({@code ${checkDocument}}): checks the answer held by the variable of field
 * {@code answerVariable} as CPF or CNPJ (check digits, {@link Documents}). A valid one is stored as the customer's
 * code; the answer itself is removed from the process either way, so a document never stays in the engine. Sets
 * {@code documentOutcome} ({@code VALID}, {@code INVALID} while attempts are left, {@code GAVE_UP} after field
 * {@code maxAttempts} invalid ones, 3 by default), {@code documentAttempts} and {@code identified}.
 */
@Component(Blocks.Beans.CHECK_DOCUMENT)
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class CheckDocument implements JavaDelegate {

  static final int DEFAULT_MAX_ATTEMPTS = 3;
  private static final Logger log = LoggerFactory.getLogger(CheckDocument.class);

  private final ConversationStore conversations;
  private final CustomerStore customers;
  private Expression answerVariable;
  private Expression maxAttempts;

  CheckDocument(ConversationStore conversations, CustomerStore customers) {
    this.conversations = conversations;
    this.customers = customers;
  }

  public void setAnswerVariable(Expression answerVariable) {
    this.answerVariable = answerVariable;
  }

  public void setMaxAttempts(Expression maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String variable = BlockField.required(answerVariable, Blocks.Fields.ANSWER_VARIABLE, execution).trim();
    String answer = JourneyVariables.string(execution, variable);
    execution.removeVariable(variable);
    Optional<Document> document = Documents.parse(answer);
    if (document.isPresent()) {
      long customerId = customerOf(execution);
      customers.setDocument(customerId, document.get().value());
      log.debug("Customer {} identified with {}", customerId, document.get());
      execution.setVariable(Blocks.Variables.IDENTIFIED, true);
      execution.setVariable(Blocks.Variables.DOCUMENT_OUTCOME, DocumentOutcome.VALID.name());
      return;
    }
    int attempts = JourneyVariables.count(execution, Blocks.Variables.DOCUMENT_ATTEMPTS) + 1;
    execution.setVariable(Blocks.Variables.DOCUMENT_ATTEMPTS, attempts);
    boolean giveUp = attempts >= maxAttempts(execution);
    if (giveUp) {
      execution.setVariable(Blocks.Variables.IDENTIFIED, false);
    }
    execution.setVariable(Blocks.Variables.DOCUMENT_OUTCOME, (giveUp ? DocumentOutcome.GAVE_UP : DocumentOutcome.INVALID).name());
  }

  private int maxAttempts(DelegateExecution execution) {
    String value = BlockField.value(maxAttempts, execution);
    return value == null || value.isBlank() ? DEFAULT_MAX_ATTEMPTS : Integer.parseInt(value.trim());
  }

  private long customerOf(DelegateExecution execution) {
    if (execution.getVariable(Blocks.Variables.CUSTOMER_ID) instanceof Number id) {
      return id.longValue();
    }
    long conversationId = JourneyVariables.conversationId(execution);
    return conversations.findById(conversationId)
        .orElseThrow(() -> new IllegalStateException("Conversation " + conversationId + " not found")).customerId();
  }
}
