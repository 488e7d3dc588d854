package io.atende.simulator;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Who a simulated customer is. Since 2026 Meta gives every WhatsApp user a business-scoped user id
 * (BSUID, {@code user_id} on the wire); a phone customer also has a phone number ({@code wa_id}),
 * a username customer hides it and is known by the BSUID alone.
 *
 * @param waId the phone number (digits with country code), or null for a username customer
 * @param userId the BSUID: country code, a period, up to 128 alphanumerics ({@code BR.1502576394655843})
 */
record CustomerId(String waId, String userId) {

  private static final Pattern BSUID = Pattern.compile("[A-Z]{2}\\.[A-Za-z0-9]{1,128}");
  private static final Pattern PARENT_BSUID = Pattern.compile("[A-Z]{2}\\.ENT\\.[A-Za-z0-9]{1,128}");
  private static final Pattern REGION = Pattern.compile("[A-Z]{2}");
  private static final String FALLBACK_REGION = "BR";

  static CustomerId phone(String waId) {
    return new CustomerId(waId, bsuidOf(waId));
  }

  static CustomerId username(String userId) {
    return new CustomerId(null, userId);
  }

  boolean hasPhone() {
    return waId != null;
  }

  /** The key of the customer's chat, profile and windows: the phone number if there is one, else the BSUID. */
  String key() {
    return hasPhone() ? waId : userId;
  }

  static boolean isBsuid(String s) {
    return s != null && BSUID.matcher(s).matches();
  }

  /** A parent BSUID ({@code US.ENT.11815799212886844830}), shared by the businesses of one portfolio. */
  static boolean isParentBsuid(String s) {
    return s != null && PARENT_BSUID.matcher(s).matches();
  }

  /**
   * The BSUID the owner of a phone number gets: the same number always gives the same BSUID. The
   * country is the number's (by its calling code), or BR when the code names no single country.
   */
  static String bsuidOf(String waId) {
    long digits = ByteBuffer.wrap(sha256("atende-simulator-bsuid:" + waId)).getLong();
    return region(waId) + '.' + Long.toUnsignedString(digits);
  }

  private static String region(String waId) {
    try {
      PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
      String region = phones.getRegionCodeForCountryCode(phones.parse('+' + waId, null).getCountryCode());
      return region != null && REGION.matcher(region).matches() && !"ZZ".equals(region) ? region : FALLBACK_REGION;
    } catch (com.google.i18n.phonenumbers.NumberParseException e) {
      return FALLBACK_REGION;
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JVM", e);
    }
  }
}
