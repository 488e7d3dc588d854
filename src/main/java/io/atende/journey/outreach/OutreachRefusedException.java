package io.atende.journey.outreach;

/**
 * A request that cannot be served as it is: the number is not the agent's (forbidden) or something in it is wrong
 * (bad phone, empty name, template that cannot be sent). The message says what, in Portuguese, for the agent.
 */
public class OutreachRefusedException extends RuntimeException {

  private final boolean forbidden;

  OutreachRefusedException(String message, boolean forbidden) {
    super(message);
    this.forbidden = forbidden;
  }

  /** Whether the user may not use the number at all (403) rather than asked for something wrong (400). */
  public boolean forbidden() {
    return forbidden;
  }
}
