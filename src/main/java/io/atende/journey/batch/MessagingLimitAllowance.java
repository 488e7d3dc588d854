package io.atende.journey.batch;

import io.atende.limits.MessagingLimits;
import io.atende.limits.Reservation;
import org.springframework.stereotype.Component;

/**
 * The portfolio's messaging limit (R5) for batch recipients: each one is reserved before its send
 * ({@link MessagingLimits#reserve}, idempotent per customer in the rolling 24 hours, so a chunk run again counts nobody
 * twice); a customer beyond the limit is refused with the limit's reason and marked REFUSED in the batch's report.
 */
@Component
class MessagingLimitAllowance implements RecipientAllowance {

  private final MessagingLimits limits;

  MessagingLimitAllowance(MessagingLimits limits) {
    this.limits = limits;
  }

  @Override
  public Allowance check(String phoneNumberId, long customerId) {
    Reservation reservation = limits.reserve(phoneNumberId, customerId);
    return reservation.allowed() ? Allowance.allow() : Allowance.refuse(reservation.reason());
  }

  /** One transaction and one turn of the limit's lock for the whole page. */
  @Override
  public java.util.Map<Long, Allowance> checkAll(String phoneNumberId, java.util.List<Long> customerIds) {
    java.util.Map<Long, Allowance> answers = new java.util.HashMap<>();
    limits.reserveAll(phoneNumberId, customerIds).forEach((customerId, reservation) ->
        answers.put(customerId, reservation.allowed() ? Allowance.allow() : Allowance.refuse(reservation.reason())));
    return answers;
  }
}
