package io.atende.limits;

import io.atende.platform.RetryAwareFailure;

/**
 * A business-initiated template was not sent: the portfolio's messaging limit is reached. Carries the refusal (with
 * its Portuguese {@link Reservation#reason()}); answered over HTTP as a 429 problem.
 */
public class MessagingLimitReachedException extends RuntimeException implements RetryAwareFailure {

  private final transient Reservation reservation;

  public MessagingLimitReachedException(Reservation reservation) {
    super(reservation.reason());
    this.reservation = reservation;
  }

  public Reservation reservation() {
    return reservation;
  }

  /** Slots free up only as counted customers leave the rolling 24 hours; an immediate retry does not help. */
  @Override
  public boolean worthRetrying() {
    return false;
  }
}
