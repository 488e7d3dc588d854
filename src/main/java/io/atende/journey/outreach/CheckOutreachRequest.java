package io.atende.journey.outreach;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.CustomerStore.Customer;
import io.atende.conversation.PhoneNumbers;
import io.atende.journey.ConversationProcess;
import io.atende.journey.CorrelationKeys;
import io.atende.journey.outreach.OutreachChecks.Checked;
import io.atende.journey.outreach.OutreachProcess.Errors;
import io.atende.journey.outreach.OutreachProcess.Variables;
import io.atende.template.TemplateProblemException;
import java.util.List;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * {@code ${checkOutreachRequest}}: the request is checked ({@link OutreachChecks}) as whoever started the process, the
 * authenticated user, whatever a caller put in {@code requestedBy}; then the facts decision {@code outreachDecision}
 * reads: whether the customer talked with the company before (had a conversation on any number; a contact refused
 * before anything was sent does not count), and whether they are in service on the number now. The
 * customer's row is locked for the rest of the transaction, so two agents contacting one customer at the same time
 * are decided one after the other. A bad request ends the process at "Pedido inválido" ({@code InvalidRequest}).
 */
@Component("checkOutreachRequest")
class CheckOutreachRequest implements JavaDelegate {

  private final OutreachChecks checks;
  private final CustomerStore customers;
  private final ConversationStore conversations;

  CheckOutreachRequest(OutreachChecks checks, CustomerStore customers, ConversationStore conversations) {
    this.checks = checks;
    this.customers = customers;
    this.conversations = conversations;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Authentication authentication = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    String user = authentication == null ? null : authentication.getUserId();
    List<String> groups = authentication == null || authentication.getGroupIds() == null ? List.of() : authentication.getGroupIds();
    execution.setVariable(Variables.REQUESTED_BY, user);
    Checked checked;
    try {
      OutreachProcess.Requested.of(OutreachVariables.string(execution, Variables.REQUESTED));
      checked = checks.check(user, groups, OutreachVariables.request(execution));
    } catch (OutreachRefusedException | TemplateProblemException | PhoneNumbers.InvalidPhoneException | IllegalArgumentException e) {
      throw new BpmnError(Errors.INVALID_REQUEST, e.getMessage());
    }
    Customer customer = customers.findOrCreateByWaId(checked.waId(), checked.name());
    customers.lock(customer.id());
    // known: talked with the company before (a conversation), not merely registered by an earlier contact that never left
    boolean known = !conversations.findByCustomer(customer.id()).isEmpty();
    Conversation open = conversations.findOpen(customer.id(), checked.phoneNumberId()).orElse(null);

    execution.setProcessBusinessKey(CorrelationKeys.of(customer.id(), checked.phoneNumberId()));
    execution.setVariable(Variables.PHONE, checked.waId());
    execution.setVariable(ConversationProcess.Variables.CUSTOMER_ID, customer.id());
    execution.setVariable(ConversationProcess.Variables.CUSTOMER_NAME, checked.name());
    execution.setVariable(Variables.CUSTOMER_KNOWN, known);
    execution.setVariable(Variables.PROTOCOL_OPEN, open != null);
    execution.setVariable(Variables.OPEN_PROTOCOL, open == null ? null : open.protocol());
  }
}
