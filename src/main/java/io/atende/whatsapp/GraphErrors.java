package io.atende.whatsapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Which Graph API failures are worth retrying. Decisions key on the Graph error {@code code} (Meta's
 * advice), then on the HTTP status: throttling and availability codes, HTTP 429 and 5xx, and I/O
 * errors (timeouts, refused or reset connections) are transient; everything else (bad request,
 * recipient unreachable, 24-hour window closed, template problems, auth and permissions) is
 * permanent and retrying it would only repeat the error.
 */
final class GraphErrors {

  /**
   * 130429 throughput, 131056 pair rate, 4 app rate limit, 80007 WABA rate limit, 131000 generic,
   * 131016 service unavailable, 1 unknown, 2 service downtime, 131057 account in maintenance.
   */
  static final Set<Integer> TRANSIENT_CODES = Set.of(130429, 131056, 4, 80007, 131000, 131016, 1, 2, 131057);

  /** Codes that stay permanent even when they come with a 5xx status. */
  static final Set<Integer> PERMANENT_CODES = Set.of(0, 3, 10, 100, 190, 368, 130472, 131008, 131009, 131026, 131031,
      131042, 131045, 131047, 131048, 131049, 131050, 131051, 131053, 131064, 133010);

  /**
   * Permanent codes that are about the recipient, not about the business's set-up: 131026 undeliverable (not on
   * WhatsApp, terms not accepted, app too old), 131047 24-hour window closed, 131050 the user stopped the business's
   * messages, 130472 the user is in an experiment group. Mending nothing on our side makes them go away.
   */
  static final Set<Integer> RECIPIENT_CODES = Set.of(131026, 131047, 131050, 130472);

  private GraphErrors() {}

  static boolean isTransient(int httpStatus, Integer code) {
    if (code != null) {
      if (TRANSIENT_CODES.contains(code)) {
        return true;
      }
      if (PERMANENT_CODES.contains(code) || (code >= 132000 && code <= 132016) || (code >= 200 && code <= 299)) {
        return false;
      }
    }
    return httpStatus == 429 || httpStatus >= 500;
  }

  /** Whether this failure (anywhere in the cause chain) is transient. */
  static boolean isTransient(Throwable failure) {
    HttpOperationFailedException http = find(failure, HttpOperationFailedException.class);
    if (http != null) {
      return isTransient(http.getStatusCode(), parse(http.getResponseBody()).map(GraphApi.Error::code).orElse(null));
    }
    return find(failure, IOException.class) != null;
  }

  /**
   * Whether a send (POST of a message) that failed this way may be sent again at once. Meta answered with a
   * transient error: it did not take the message, so yes. An I/O failure only when the request surely never reached
   * Meta (no connection was made: refused, no route, unknown host, connect timeout, no pooled connection in time).
   * A read timeout or a connection reset or closed after the request was written leaves the outcome unknown: Meta
   * may have taken the message, so it is not sent again blindly; the send stays pending and its status webhook, which
   * echoes our send key, tells (see {@code WhatsAppMessageSender}).
   */
  static boolean mayResend(Throwable failure) {
    HttpOperationFailedException http = find(failure, HttpOperationFailedException.class);
    if (http != null) {
      return isTransient(failure);
    }
    return NOT_SENT.stream().anyMatch(type -> find(failure, type) != null);
  }

  /** I/O failures after which the request surely never reached Meta: no connection was made. */
  private static final java.util.List<Class<? extends Throwable>> NOT_SENT = java.util.List.of(
      java.net.ConnectException.class, java.net.NoRouteToHostException.class, java.net.UnknownHostException.class,
      org.apache.hc.client5.http.ConnectTimeoutException.class, org.apache.hc.core5.http.ConnectionRequestTimeoutException.class,
      org.apache.hc.core5.http.RequestNotExecutedException.class);

  /** The Graph error object of an error response body, if it has one. */
  static Optional<GraphApi.Error> parse(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      GraphApi.ErrorResponse response = GraphJson.mapper().readValue(body, GraphApi.ErrorResponse.class);
      return Optional.ofNullable(response == null ? null : response.error());
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** The typed exception for a failed call, from the last attempt's failure. */
  static GraphApiException toException(Throwable failure) {
    HttpOperationFailedException http = find(failure, HttpOperationFailedException.class);
    if (http != null) {
      GraphApi.Error error = parse(http.getResponseBody()).orElse(null);
      Integer code = error == null ? null : error.code();
      String title = error == null ? "HTTP " + http.getStatusCode() : error.message();
      return new GraphApiException(http.getStatusCode(), code, title, error == null ? null : error.details(),
          error == null ? null : error.fbtraceId(), isTransient(http.getStatusCode(), code),
          error == null ? null : error.errorSubcode(), error == null ? null : error.errorUserTitle(),
          error == null ? null : error.errorUserMsg(), http);
    }
    IOException io = find(failure, IOException.class);
    if (io != null) {
      return new GraphApiException(0, null, "I/O error: " + io.getClass().getSimpleName(), null, null, true, io);
    }
    // anything else is local (e.g. the route is stopping): worth another try later
    return new GraphApiException(0, null, "Call failed: " + failure.getClass().getSimpleName(), null, null, true, failure);
  }

  static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
