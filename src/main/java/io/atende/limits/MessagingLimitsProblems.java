package io.atende.limits;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A {@link MessagingLimitReachedException} thrown under any REST controller (every feature that sends templates) is
 * answered as a 429 RFC 9457 problem: the Portuguese reason as {@code detail}, {@code used} and {@code limit} as
 * properties.
 */
@RestControllerAdvice
public class MessagingLimitsProblems {

  static final URI TYPE = URI.create("https://atende.io/problems/messaging-limit-reached");

  @ExceptionHandler(MessagingLimitReachedException.class)
  ProblemDetail limitReached(MessagingLimitReachedException e) {
    return problem(e.reservation());
  }

  /** The problem detail of a refusal, for a caller that answers it its own way. */
  public static ProblemDetail problem(Reservation refused) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, refused.reason());
    problem.setType(TYPE);
    problem.setTitle("Messaging limit reached");
    problem.setProperty("used", refused.used());
    problem.setProperty("limit", refused.limit());
    return problem;
  }
}
