package io.atende.journey.batch;

/**
 * Whether one more customer may get a business-initiated template from the number now: the portfolio's messaging
 * limit (R5, unique customers in a rolling 24 hours). The batch's dispatch asks before each send; a recipient refused
 * is marked REFUSED with the reason (never dropped silently) and not tried again in this batch. Implemented by
 * {@link MessagingLimitAllowance} ({@code io.atende.limits.MessagingLimits#reserve}).
 */
interface RecipientAllowance {

  /** Allowed, or refused with a reason people read (Portuguese). */
  record Allowance(boolean allowed, String reason) {
    static Allowance allow() {
      return new Allowance(true, null);
    }

    static Allowance refuse(String reason) {
      return new Allowance(false, reason);
    }
  }

  Allowance check(String phoneNumberId, long customerId);

  /** {@link #check} for a page of customers at once, by customer id. */
  default java.util.Map<Long, Allowance> checkAll(String phoneNumberId, java.util.List<Long> customerIds) {
    java.util.Map<Long, Allowance> answers = new java.util.HashMap<>();
    for (long customerId : customerIds) {
      answers.computeIfAbsent(customerId, id -> check(phoneNumberId, id));
    }
    return answers;
  }
}
