package io.atende.journey;

/**
 * The correlation key of every process that talks with a customer on a business number (the bot journey, an active
 * contact waiting for the reply, a survey waiting for its answer): the process instance's business key
 * {@code <customer id>@<phone number id>}. A customer's message is handed to a waiting process by message name and this
 * key, never by a stored instance id, so a new kind of process needs no Java to receive messages: it only starts with
 * this business key (see {@link #of}) and waits for a message. Camunda indexes the business key, so the lookup is
 * one index read. Ids only: no phone number or name in the key (supervisors see it in Cockpit, logs may print it).
 */
public final class CorrelationKeys {

  private CorrelationKeys() {}

  public static String of(long customerId, String phoneNumberId) {
    return customerId + "@" + phoneNumberId;
  }
}
