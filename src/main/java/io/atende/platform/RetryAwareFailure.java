package io.atende.platform;

/**
 * A failure that knows whether trying again by itself could help (an outage, a rate limit) or not (a request
 * WhatsApp refuses, an expired token). A Camunda job that fails with one that cannot be helped by retrying gets
 * its incident at once instead of repeating the call through its retry cycle; see {@link PermanentFailuresRaiseIncidents}.
 */
public interface RetryAwareFailure {

  boolean worthRetrying();
}
