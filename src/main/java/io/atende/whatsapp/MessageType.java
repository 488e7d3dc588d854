package io.atende.whatsapp;

import java.util.Arrays;

/** Inbound and outbound message types of the Cloud API; anything else is {@link #UNKNOWN}. */
public enum MessageType {
  TEXT,
  IMAGE,
  AUDIO,
  VIDEO,
  DOCUMENT,
  STICKER,
  LOCATION,
  CONTACTS,
  INTERACTIVE,
  BUTTON,
  REACTION,
  ORDER,
  SYSTEM,
  REVOKE,
  TEMPLATE,
  UNSUPPORTED,
  UNKNOWN;

  public static MessageType of(String apiType) {
    return Arrays.stream(values())
        .filter(t -> t.apiName().equals(apiType))
        .findFirst()
        .orElse(UNKNOWN);
  }

  public String apiName() {
    return name().toLowerCase();
  }

  public boolean isMedia() {
    return this == IMAGE || this == AUDIO || this == VIDEO || this == DOCUMENT || this == STICKER;
  }
}
