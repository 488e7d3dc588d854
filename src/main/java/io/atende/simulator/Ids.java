package io.atende.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/** Identifiers in Meta's formats. */
final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_WAMID_CUSTOMER = 32;
  private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Ids() {}

  /**
   * A message id like Meta's: {@code wamid.} and the base64 of a small protobuf-like record holding
   * the customer's number (or BSUID) and a random hex id (18 hex digits for outbound, 32 for inbound).
   */
  static String wamid(String customerKey, boolean inbound) {
    // A BSUID may have up to 131 characters; only its start goes in, so the id keeps within Meta's 128.
    byte[] number = customerKey.substring(0, Math.min(customerKey.length(), MAX_WAMID_CUSTOMER))
        .getBytes(StandardCharsets.US_ASCII);
    byte[] random = new byte[inbound ? 16 : 9];
    RANDOM.nextBytes(random);
    byte[] hex = HexFormat.of().withUpperCase().formatHex(random).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.write(0x1c);
    out.write(0x18);
    out.write(number.length);
    out.writeBytes(number);
    out.writeBytes(new byte[] {0x15, 0x02, 0x00, (byte) (inbound ? 0x12 : 0x11), 0x18, (byte) hex.length});
    out.writeBytes(hex);
    out.write(0x00);
    return "wamid." + Base64.getEncoder().encodeToString(out.toByteArray());
  }

  /** A numeric Graph object id, like the ids of media. */
  static String mediaId() {
    return "1" + String.format("%015d", Math.floorMod(RANDOM.nextLong(), 1_000_000_000_000_000L));
  }

  /** A stable numeric id derived from a name (template ids). */
  static String stableId(String name) {
    long bits = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
    return "1" + String.format("%015d", Math.floorMod(bits, 1_000_000_000_000_000L));
  }

  /** A trace id like Graph's {@code fbtrace_id}. */
  static String fbtraceId() {
    StringBuilder id = new StringBuilder(27);
    for (int i = 0; i < 27; i++) {
      id.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
    }
    return id.toString();
  }
}
