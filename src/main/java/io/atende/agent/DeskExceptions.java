package io.atende.agent;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Errors of the desk API, each mapped to its HTTP status with a clear message. */
final class DeskExceptions {

  private DeskExceptions() {}

  @ResponseStatus(HttpStatus.FORBIDDEN)
  static class Forbidden extends RuntimeException {
    Forbidden(String message) {
      super(message);
    }
  }

  @ResponseStatus(HttpStatus.NOT_FOUND)
  static class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message);
    }
  }

  /** The conversation's protocol is closed: it is read-only on the desk. */
  @ResponseStatus(HttpStatus.CONFLICT)
  static class Closed extends RuntimeException {
    Closed(String message) {
      super(message);
    }
  }

  @ResponseStatus(HttpStatus.BAD_REQUEST)
  static class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }
}
