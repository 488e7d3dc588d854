package io.atende.whatsapp;

/** A media file, caption or text that WhatsApp would refuse; the message says what is allowed. */
public class MediaRejectedException extends IllegalArgumentException {

  public MediaRejectedException(String message) {
    super(message);
  }
}
