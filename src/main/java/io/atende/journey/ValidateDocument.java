package io.atende.journey;

import io.atende.journey.ConversationProcess.DocumentOutcome;
import io.atende.journey.ConversationProcess.Variables;
import io.atende.journey.Documents.Document;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks the customer's answer (transient {@code answer}) as CPF or CNPJ. A valid one is handed on as the
 * transient {@code document} (never stored in the engine); an invalid one counts, and the last allowed
 * attempt lets the journey go on unidentified. Sets {@code documentOutcome} for the gateway after it.
 */
@Component("validateDocument")
class ValidateDocument implements JavaDelegate {

  private static final Logger log = LoggerFactory.getLogger(ValidateDocument.class);

  private final JourneyProperties properties;

  ValidateDocument(JourneyProperties properties) {
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String answer = JourneyVariables.string(execution, Variables.ANSWER);
    execution.setVariable(Variables.ANSWER_WAS_TEXT, answer != null);
    Optional<Document> document = Documents.parse(answer);
    if (document.isPresent()) {
      log.debug("Conversation {} identified with {}", execution.getBusinessKey(), document.get());
      execution.setVariable(Variables.DOCUMENT, org.camunda.bpm.engine.variable.Variables.stringValue(document.get().value(), true));
      execution.setVariable(Variables.IDENTIFIED, true);
      execution.setVariable(Variables.DOCUMENT_OUTCOME, DocumentOutcome.VALID.name());
      return;
    }
    int attempts = JourneyVariables.count(execution, Variables.DOCUMENT_ATTEMPTS) + 1;
    execution.setVariable(Variables.DOCUMENT_ATTEMPTS, attempts);
    boolean giveUp = attempts >= properties.maxDocumentAttempts();
    if (giveUp) {
      execution.setVariable(Variables.IDENTIFIED, false);
    }
    execution.setVariable(Variables.DOCUMENT_OUTCOME, (giveUp ? DocumentOutcome.GAVE_UP : DocumentOutcome.INVALID).name());
  }
}
