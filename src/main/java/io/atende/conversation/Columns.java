package io.atende.conversation;

/**
 * Text cut to its column: what the customer chose (a profile name, a document's file name) or Meta sent (an error's
 * title and details), so that an unusually long one never makes the database refuse the message or its status.
 */
final class Columns {

  private Columns() {}

  /** {@code value} cut to at most {@code length} characters, never between the two halves of a surrogate pair. */
  static String fit(String value, int length) {
    if (value == null || value.length() <= length) {
      return value;
    }
    int end = Character.isHighSurrogate(value.charAt(length - 1)) ? length - 1 : length;
    return value.substring(0, end);
  }
}
