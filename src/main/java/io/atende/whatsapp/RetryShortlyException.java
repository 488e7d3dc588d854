package io.atende.whatsapp;

/**
 * Thrown by inbound processing when an event cannot be applied yet but will be soon (an earlier
 * message of the customer is still pending, or the bot is between two questions). The event's
 * transaction rolls back and the event is tried again shortly; this is not a failure and does not
 * use up the event's attempts.
 */
public class RetryShortlyException extends RuntimeException {

  public RetryShortlyException(String message) {
    super(message);
  }
}
