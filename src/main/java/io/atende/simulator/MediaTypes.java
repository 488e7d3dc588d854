package io.atende.simulator;

import java.util.Map;
import java.util.Optional;

/** The media the Cloud API takes for upload, with Meta's per-type size limits. */
final class MediaTypes {

  private static final long MB = 1024L * 1024L;

  /** Upload limit per supported MIME type. */
  private static final Map<String, Long> UPLOAD_LIMITS = Map.ofEntries(
      Map.entry("image/jpeg", 5 * MB),
      Map.entry("image/png", 5 * MB),
      Map.entry("image/webp", 500 * 1024L),
      Map.entry("audio/aac", 16 * MB),
      Map.entry("audio/amr", 16 * MB),
      Map.entry("audio/mpeg", 16 * MB),
      Map.entry("audio/mp4", 16 * MB),
      Map.entry("audio/ogg", 16 * MB),
      Map.entry("video/mp4", 16 * MB),
      Map.entry("video/3gpp", 16 * MB),
      Map.entry("text/plain", 100 * MB),
      Map.entry("application/pdf", 100 * MB),
      Map.entry("application/msword", 100 * MB),
      Map.entry("application/vnd.ms-excel", 100 * MB),
      Map.entry("application/vnd.ms-powerpoint", 100 * MB),
      Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", 100 * MB),
      Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 100 * MB),
      Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", 100 * MB));

  private MediaTypes() {}

  /** The upload limit of a MIME type (parameters such as {@code ; codecs=opus} ignored), if supported. */
  static Optional<Long> uploadLimit(String mimeType) {
    return Optional.ofNullable(UPLOAD_LIMITS.get(baseType(mimeType)));
  }

  static String supportedList() {
    return String.join(", ", UPLOAD_LIMITS.keySet().stream().sorted().toList());
  }

  /** The message type a customer's file arrives as. */
  static String messageType(String mimeType) {
    String base = baseType(mimeType);
    if (base.equals("image/webp")) {
      return "sticker";
    }
    if (base.equals("image/jpeg") || base.equals("image/png")) {
      return "image";
    }
    if (base.startsWith("audio/")) {
      return "audio";
    }
    if (base.startsWith("video/")) {
      return "video";
    }
    return "document";
  }

  static String baseType(String mimeType) {
    int semicolon = mimeType.indexOf(';');
    return (semicolon < 0 ? mimeType : mimeType.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
  }
}
