package io.atende.whatsapp;

import java.util.regex.Pattern;

/**
 * Meta's business-scoped user id (BSUID, 2026): a two-letter country code, a period and up to 128 letters and
 * digits ({@code BR.1502576394655843}); a parent BSUID has {@code ENT.} in between ({@code US.ENT.1181579921}).
 * Phone numbers are digits, so the two never look alike.
 */
public final class BusinessScopedUserId {

  private static final Pattern FORMAT = Pattern.compile("[A-Z]{2}\\.(ENT\\.)?[A-Za-z0-9]{1,128}");

  private BusinessScopedUserId() {}

  public static boolean matches(String value) {
    return value != null && FORMAT.matcher(value).matches();
  }
}
