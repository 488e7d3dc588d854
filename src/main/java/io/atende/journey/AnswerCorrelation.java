package io.atende.journey;

import io.atende.journey.ConversationProcess.Variables;
import java.util.function.Supplier;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands a customer's message to the process waiting for it (by message name and business key, see
 * {@link CorrelationKeys}), for the router of new messages and for the delivery of queued ones. An {@link OptimisticLockingException}
 * (a timer or job of the same journey committing at the same time) rolls back and the work is tried again,
 * up to {@value #ATTEMPTS} times; then it propagates.
 */
@Component
class AnswerCorrelation {

  static final int ATTEMPTS = 3;
  private static final Logger log = LoggerFactory.getLogger(AnswerCorrelation.class);

  private final RuntimeService runtimeService;
  private final TransactionOperations savepoint;
  private final TransactionOperations transaction;

  @Autowired
  AnswerCorrelation(RuntimeService runtimeService, PlatformTransactionManager transactionManager) {
    this(runtimeService, nested(transactionManager), new TransactionTemplate(transactionManager));
  }

  /** For tests: both transaction shapes given (e.g. {@link TransactionOperations#withoutTransaction()}). */
  AnswerCorrelation(RuntimeService runtimeService, TransactionOperations savepoint, TransactionOperations transaction) {
    this.runtimeService = runtimeService;
    this.savepoint = savepoint;
    this.transaction = transaction;
  }

  /**
   * Hands the message to the process of this customer and number that waits for {@code messageName}, if one does.
   * {@code correlateAll} because it reports "nothing waits" as an empty result and changes nothing, where
   * {@code correlate} throws, and Camunda logs that exception as an ERROR.
   */
  boolean correlated(String messageName, String businessKey, String answer, long messageId) {
    return !runtimeService.createMessageCorrelation(messageName)
        .processInstanceBusinessKey(businessKey)
        .setVariable(Variables.ANSWER, org.camunda.bpm.engine.variable.Variables.stringValue(answer, true))
        .setVariable(Variables.CUSTOMER_MESSAGE_ID, messageId)
        .correlateAllWithResult()
        .isEmpty();
  }

  boolean isRunning(String processInstanceId) {
    return runtimeService.createProcessInstanceQuery().processInstanceId(processInstanceId).count() > 0;
  }

  /** Runs the work in a savepoint of the caller's transaction, again on a conflict. */
  <T> T inSavepoint(Supplier<T> work) {
    return retryingOnConflict(savepoint, work);
  }

  /** Runs the work in a transaction of its own, again on a conflict. */
  <T> T inTransaction(Supplier<T> work) {
    return retryingOnConflict(transaction, work);
  }

  private static <T> T retryingOnConflict(TransactionOperations operations, Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return operations.execute(status -> work.get());
      } catch (OptimisticLockingException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        log.debug("Journey changed concurrently (attempt {}); delivering again", attempt);
      }
    }
  }

  private static TransactionOperations nested(PlatformTransactionManager transactionManager) {
    TransactionTemplate template = new TransactionTemplate(transactionManager);
    template.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    return template;
  }
}
