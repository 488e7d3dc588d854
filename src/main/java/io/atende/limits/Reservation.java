package io.atende.limits;

/**
 * The messaging limit's answer for one template to one customer on one business number.
 *
 * @param used unique customers counted in the rolling 24 hours (of the number, when each number has its own limit),
 *     this one included when counted; -1 (not counted, to spare reading every customer of the last 24 hours) when
 *     the customer was counted already, and when there is no limit
 * @param limit the limit then in force; -1 when unlimited
 */
public record Reservation(Outcome outcome, String phoneNumberId, long customerId, long used, long limit) {

  /** The default of {@link #reason()}; the bean installs the configured text ({@code atende.messaging-limits.texts.refused}). */
  private static volatile String refusedText = "Limite de mensagens atingido: {limit} clientes únicos em 24 horas.";

  public enum Outcome {
    /** The customer's window with this number is open: a reply, never counted. */
    WINDOW_OPEN,
    /** Business-initiated: the customer now counts against the limit (undo with {@link MessagingLimits#release}). */
    COUNTED,
    /** Business-initiated, and the customer already counts in the rolling 24 hours: not counted again. */
    ALREADY_COUNTED,
    /** Business-initiated to a new customer with the limit reached: must not be sent. */
    REFUSED
  }

  public boolean allowed() {
    return outcome != Outcome.REFUSED;
  }

  /** Why the send is refused, in Portuguese (configurable); null when allowed. */
  public String reason() {
    if (allowed()) {
      return null;
    }
    return refusedText.replace("{limit}", Long.toString(limit)).replace("{used}", Long.toString(used));
  }

  static void refusedText(String text) {
    refusedText = text;
  }
}
