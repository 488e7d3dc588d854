package io.atende.whatsapp;

/** An inbound event that can never be processed as it is: it is parked as FAILED at once, with this reason. */
class UnprocessableEventException extends RuntimeException {

  UnprocessableEventException(String message) {
    super(message);
  }
}
