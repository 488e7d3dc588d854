package io.atende.journey.outreach;

import io.atende.journey.ConversationProcess;
import io.atende.journey.outreach.OutreachProcess.Errors;
import io.atende.journey.outreach.OutreachProcess.Variables;
import io.atende.limits.MessagingLimits;
import io.atende.limits.Reservation;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code ${reserveMessagingLimit}}: before a protocol opens, the contact's template takes its place in the portfolio's
 * messaging limit (unique customers reached by business-initiated templates in a rolling 24 hours, counted for the
 * whole cluster by {@link MessagingLimits}); a customer whose window with the number is open, or who is already
 * counted, takes none. Over the limit the contact ends at "Limite de mensagens atingido" ({@code MessagingLimitReached})
 * with the reason, before anything is opened or sent. The outcome is kept ({@code limitReservation}) so that a
 * template that never leaves gives its place back ({@link ContactEnds}).
 */
@Component("reserveMessagingLimit")
class ReserveMessagingLimit implements JavaDelegate {

  private final MessagingLimits limits;

  ReserveMessagingLimit(MessagingLimits limits) {
    this.limits = limits;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Reservation reservation = limits.reserveInCurrentTransaction(OutreachVariables.string(execution, ConversationProcess.Variables.PHONE_NUMBER_ID),
        OutreachVariables.number(execution, ConversationProcess.Variables.CUSTOMER_ID));
    if (!reservation.allowed()) {
      throw new BpmnError(Errors.MESSAGING_LIMIT_REACHED, reservation.reason());
    }
    execution.setVariable(Variables.LIMIT_RESERVATION, reservation.outcome().name());
  }

  /** Gives back the place a contact took when its template never left. */
  static void release(MessagingLimits limits, DelegateExecution execution) {
    if (Reservation.Outcome.COUNTED.name().equals(OutreachVariables.string(execution, Variables.LIMIT_RESERVATION))) {
      limits.release(new Reservation(Reservation.Outcome.COUNTED,
          OutreachVariables.string(execution, ConversationProcess.Variables.PHONE_NUMBER_ID),
          OutreachVariables.number(execution, ConversationProcess.Variables.CUSTOMER_ID), 0, 0));
    }
  }
}
