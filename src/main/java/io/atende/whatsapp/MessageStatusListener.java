package io.atende.whatsapp;

/** Receives delivery statuses of outbound messages, inside the processing transaction. */
public interface MessageStatusListener {

  /**
   * Applies a status.
   *
   * @throws UnknownMessageException when the message id is not (yet) known; the status is retried
   *     later, since the send's own commit may still be under way
   */
  void onStatus(MessageStatusUpdate status);

  class UnknownMessageException extends RuntimeException {
    public UnknownMessageException(String waMessageId) {
      super("No outbound message with id " + waMessageId);
    }
  }
}
