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
  private final Integer subcode;
  private final String userTitle;
  private final String userMessage;

  public GraphApiException(int httpStatus, Integer code, String title, String details, String fbtraceId, boolean transientError,
      Throwable cause) {
    this(httpStatus, code, title, details, fbtraceId, transientError, null, null, null, cause);
  }

  /**
   * With what Meta tells a person besides the code: {@code error_subcode}, {@code error_user_title} and
   * {@code error_user_msg} (template management errors have them, e.g. "Variables can't be at the start or end of
   * the template.").
   */
  public GraphApiException(int httpStatus, Integer code, String title, String details, String fbtraceId, boolean transientError,
      Integer subcode, String userTitle, String userMessage, Throwable cause) {
    super(describe(httpStatus, code, title, transientError), cause);
    this.httpStatus = httpStatus;
    this.code = code;
    this.title = title;
    this.details = details;
    this.fbtraceId = fbtraceId;
    this.transientError = transientError;
    this.subcode = subcode;
    this.userTitle = userTitle;
    this.userMessage = userMessage;
  }

  /** {@code error_subcode}, when Meta gave one (deprecated for most errors, still sent by template management). */
  public Integer subcode() {
    return subcode;
  }

  /** {@code error_user_title}: Meta's short explanation for a person, when given. */
  public String userTitle() {
    return userTitle;
  }

  /** {@code error_user_msg}: Meta's explanation for a person, when given. */
  public String userMessage() {
    return userMessage;
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
