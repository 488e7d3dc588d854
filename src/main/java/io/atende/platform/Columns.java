package io.atende.platform;

/**
 * Text cut to its column: what the customer chose (a profile name, a document's file name, a survey answer), a sheet
 * held (a phone cell) or a peer sent (Meta's error title and details, an integrator's error), so that an unusually long
 * one never makes the database refuse the row it belongs to. One helper for every package, so that none cuts a
 * character in two.
 */
public final class Columns {

  private Columns() {}

  /** {@code value} cut to at most {@code length} characters, never between the two halves of a surrogate pair. */
  public static String fit(String value, int length) {
    if (value == null || value.length() <= length) {
      return value;
    }
    int end = Character.isHighSurrogate(value.charAt(length - 1)) ? length - 1 : length;
    return value.substring(0, end);
  }
}
