package io.atende.whatsapp;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the Cloud API accepts when we send: media types and sizes per message type, caption and text
 * lengths. Checked before anything leaves, so a bad file gets a clear answer instead of a 131053
 * from Meta. Sizes are binary units (1 MB = 1024 * 1024 bytes).
 */
public final class MediaRules {

  public static final int MAX_TEXT_LENGTH = 4096;
  public static final int MAX_CAPTION_LENGTH = 1024;
  static final long KB = 1024;
  static final long MB = 1024 * KB;

  /** One message type's accepted MIME types and its size limit. */
  public record Rule(MessageType type, List<String> mimeTypes, long maxBytes, String formats) {}

  private static final Map<MessageType, Rule> RULES = Map.of(
      MessageType.IMAGE, new Rule(MessageType.IMAGE, List.of("image/jpeg", "image/png"), 5 * MB, "JPEG or PNG"),
      MessageType.AUDIO, new Rule(MessageType.AUDIO,
          List.of("audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"), 16 * MB, "AAC, AMR, MP3, M4A or OGG (Opus)"),
      MessageType.VIDEO, new Rule(MessageType.VIDEO, List.of("video/mp4", "video/3gpp"), 16 * MB, "MP4 or 3GP"),
      MessageType.DOCUMENT, new Rule(MessageType.DOCUMENT, List.of(
          "text/plain",
          "application/pdf",
          "application/msword",
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "application/vnd.ms-excel",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "application/vnd.ms-powerpoint",
          "application/vnd.openxmlformats-officedocument.presentationml.presentation"), 100 * MB,
          "TXT, PDF, DOC, DOCX, XLS, XLSX, PPT or PPTX"),
      MessageType.STICKER, new Rule(MessageType.STICKER, List.of("image/webp"), 500 * KB, "WEBP"));

  /** Static stickers are smaller than animated ones. */
  static final long MAX_STATIC_STICKER_BYTES = 100 * KB;

  private static final Set<MessageType> CAPTIONED = Set.of(MessageType.IMAGE, MessageType.VIDEO, MessageType.DOCUMENT);

  private MediaRules() {}

  public static Rule rule(MessageType type) {
    Rule rule = RULES.get(type);
    if (rule == null) {
      throw new MediaRejectedException("'" + type.apiName() + "' is not a media type; use image, audio, video, document or sticker");
    }
    return rule;
  }

  /** The message type a MIME type is sent as ({@code image/webp} is a sticker), or a rejection naming what is allowed. */
  public static MessageType typeOf(String mimeType) {
    String mime = normalize(mimeType);
    return RULES.values().stream()
        .filter(r -> r.mimeTypes().contains(mime))
        .map(Rule::type)
        .findFirst()
        .orElseThrow(() -> new MediaRejectedException("WhatsApp does not accept files of type '" + mimeType + "'. Accepted: " + allowed()));
  }

  /**
   * Checks a file to be sent as {@code type}: its MIME type and its size (for a sticker, 100 KB if
   * static, 500 KB if animated, told apart by the WebP header).
   */
  public static void check(MessageType type, String mimeType, byte[] content) {
    check(type, mimeType, content == null ? 0 : content.length, type == MessageType.STICKER && content != null && isAnimatedWebp(content));
  }

  /** Checks a file known by its MIME type and size only ({@code animated} matters for stickers). */
  public static void check(MessageType type, String mimeType, long sizeBytes, boolean animated) {
    Rule rule = rule(type);
    String mime = normalize(mimeType);
    if (!rule.mimeTypes().contains(mime)) {
      throw new MediaRejectedException(capitalize(a(type)) + " must be " + rule.formats() + " (" + String.join(", ", rule.mimeTypes())
          + "); got '" + mimeType + "'");
    }
    if (sizeBytes <= 0) {
      throw new MediaRejectedException("The " + type.apiName() + " file is empty");
    }
    boolean staticSticker = type == MessageType.STICKER && !animated;
    long max = staticSticker ? MAX_STATIC_STICKER_BYTES : rule.maxBytes();
    if (sizeBytes > max) {
      String what = type != MessageType.STICKER ? a(type) : staticSticker ? "a static sticker" : "an animated sticker";
      throw new MediaRejectedException("The file has " + human(sizeBytes) + "; " + what + " may have at most " + human(max));
    }
  }

  /** Checks a caption: only images, videos and documents carry one, of at most 1024 characters. */
  public static void checkCaption(MessageType type, String caption) {
    if (caption == null) {
      return;
    }
    if (!CAPTIONED.contains(type)) {
      throw new MediaRejectedException(capitalize(a(type)) + " cannot have a caption; only image, video and document can");
    }
    if (caption.length() > MAX_CAPTION_LENGTH) {
      throw new MediaRejectedException("The caption has " + caption.length() + " characters; at most " + MAX_CAPTION_LENGTH + " are allowed");
    }
  }

  /** Checks a text message body: not blank, at most 4096 characters. */
  public static void checkText(String body) {
    if (body == null || body.isBlank()) {
      throw new MediaRejectedException("The text is empty");
    }
    if (body.length() > MAX_TEXT_LENGTH) {
      throw new MediaRejectedException("The text has " + body.length() + " characters; at most " + MAX_TEXT_LENGTH + " are allowed");
    }
  }

  /** An animated WebP has an extended header (VP8X) with the animation flag set. */
  static boolean isAnimatedWebp(byte[] b) {
    return b.length >= 21
        && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
        && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P'
        && b[12] == 'V' && b[13] == 'P' && b[14] == '8' && b[15] == 'X'
        && (b[20] & 0x02) != 0;
  }

  /** "an image", "a video". */
  static String a(MessageType type) {
    String name = type.apiName();
    return ("aeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String normalize(String mimeType) {
    if (mimeType == null) {
      return "";
    }
    int semicolon = mimeType.indexOf(';');
    return (semicolon < 0 ? mimeType : mimeType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static String allowed() {
    return RULES.values().stream()
        .sorted((a, b) -> a.type().compareTo(b.type()))
        .map(r -> r.type().apiName() + " (" + r.formats() + ")")
        .reduce((a, b) -> a + "; " + b)
        .orElse("");
  }

  private static String human(long bytes) {
    if (bytes >= MB) {
      return (bytes % MB == 0 ? String.valueOf(bytes / MB) : String.format(Locale.ROOT, "%.1f", bytes / (double) MB)) + " MB";
    }
    if (bytes >= KB) {
      return (bytes % KB == 0 ? String.valueOf(bytes / KB) : String.format(Locale.ROOT, "%.1f", bytes / (double) KB)) + " KB";
    }
    return bytes + " bytes";
  }
}
