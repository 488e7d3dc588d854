package io.atende.conversation;

import io.atende.whatsapp.SendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Meta answered a send with the customer's WhatsApp id, and it is not the one we know (Brazil's ninth digit): their
 * replies will come from it, so the customer takes it. In a transaction of its own, after the send's outcome was
 * recorded: a customer registered with that id at the same moment (the same person in a sheet twice, with and without
 * the ninth digit) makes it fail, and the send must stay recorded as sent.
 */
@Component
class WaIdAdoption {

  private static final Logger log = LoggerFactory.getLogger(WaIdAdoption.class);

  private final CustomerStore customers;
  private final TransactionTemplate ownTransaction;

  WaIdAdoption(CustomerStore customers, PlatformTransactionManager transactions) {
    this.customers = customers;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  void adoptIfOther(long customerId, String knownWaId, SendResult result) {
    if (result.waId() == null || knownWaId == null || result.waId().equals(knownWaId)) {
      return;
    }
    try {
      ownTransaction.executeWithoutResult(tx -> customers.adoptWaId(customerId, result.waId()));
    } catch (DuplicateKeyException e) {
      log.info("Customer {} is known to WhatsApp by an id another customer registered meanwhile; left as it was", customerId);
    }
  }
}
