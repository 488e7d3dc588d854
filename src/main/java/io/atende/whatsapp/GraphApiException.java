package io.atende.whatsapp;

import io.atende.platform.RetryAwareFailure;

/**
 * A Graph API call that failed for good: a permanent error (the request is wrong, the recipient
 * cannot be reached, the template is not approved...) or a transient one that persisted through the
 * in-route retries. {@link #transientError()} tells the caller whether trying again later may work.
 *
 * <p>The message carries the code and Meta's title only; {@link #details()} may say more and is
 * meant for storage with the message, not for logs.
 */
public class GraphApiException extends RuntimeException implements RetryAwareFailure {

  private final int httpStatus;
  private final Integer code;
  private final String title;
  private final String details;
  private final String fbtraceId;
  private final boolean transientError;

  public GraphApiException(int httpStatus, Integer code, String title, String details, String fbtraceId, boolean transientError,
      Throwable cause) {
    super(describe(httpStatus, code, title, transientError), cause);
    this.httpStatus = httpStatus;
    this.code = code;
    this.title = title;
    this.details = details;
    this.fbtraceId = fbtraceId;
    this.transientError = transientError;
  }

  /** HTTP status of the last attempt; 0 when no HTTP answer came (I/O error, timeout). */
  public int httpStatus() {
    return httpStatus;
  }

  /** Graph error code (e.g. 131047), or null when the answer had none. */
  public Integer code() {
    return code;
  }

  /** Meta's short message for the error (e.g. "(#131047) Re-engagement message"). */
  public String title() {
    return title;
  }

  /** {@code error_data.details}: Meta's explanation, when given. */
  public String details() {
    return details;
  }

  public String fbtraceId() {
    return fbtraceId;
  }

  /** Whether the failure may go away by itself (rate limit, outage, timeout), so a later retry makes sense. */
  public boolean transientError() {
    return transientError;
  }

  @Override
  public boolean worthRetrying() {
    return transientError;
  }

  /** Whether WhatsApp refused the message because of the recipient (undeliverable, window closed, opted out). */
  public boolean recipientUnreachable() {
    return !transientError && code != null && GraphErrors.RECIPIENT_CODES.contains(code);
  }

  private static String describe(int httpStatus, Integer code, String title, boolean transientError) {
    StringBuilder s = new StringBuilder("Graph API error");
    if (code != null) {
      s.append(' ').append(code);
    }
    if (title != null) {
      s.append(": ").append(title);
    }
    s.append(" (");
    if (httpStatus > 0 && !("HTTP " + httpStatus).equals(title)) {
      s.append("HTTP ").append(httpStatus).append(", ");
    }
    return s.append(transientError ? "transient)" : "permanent)").toString();
  }
}
