package io.atende.conversation;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.regex.Pattern;

/**
 * A customer's phone as an agent or a spreadsheet writes it, made into the digits WhatsApp identifies the customer by
 * (E.164 without the plus, as Meta's {@code wa_id}): with or without +55, with or without the area code's parentheses,
 * spaces, dots and dashes, and with or without the ninth digit every Brazilian mobile number has had since 2016 (an
 * 8-digit number that starts with 6 to 9 is a mobile number written the old way, and gets its 9). Numbers of other
 * countries need their + and country code. Checked with libphonenumber: a number that cannot exist is refused with the
 * reason, in Portuguese, for the agent who typed it.
 */
public final class PhoneNumbers {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final Pattern ALLOWED = Pattern.compile("[+0-9()\\s.\\-/]*");
  private static final String BRAZIL = "BR";

  private PhoneNumbers() {}

  /** A phone that is not one; the message says why, for the person who typed it. */
  public static class InvalidPhoneException extends RuntimeException {
    InvalidPhoneException(String message) {
      super(message);
    }
  }

  /** The phone as WhatsApp ids it: E.164 digits without the plus, e.g. {@code 5511987654321}. */
  public static String normalize(String input) {
    if (input == null || input.isBlank()) {
      throw new InvalidPhoneException("Informe o telefone do cliente com DDD, por exemplo (11) 98765-4321.");
    }
    String written = input.strip();
    if (!ALLOWED.matcher(written).matches()) {
      throw new InvalidPhoneException("O telefone '" + written + "' tem caracteres que não são dígitos; use só números, "
          + "com DDD, por exemplo (11) 98765-4321.");
    }
    String digits = written.replaceAll("\\D", "");
    boolean international = written.startsWith("+") || written.startsWith("00");
    if (written.startsWith("00")) {
      digits = digits.substring(2);
    }
    if (!international && digits.startsWith("0")) {
      digits = digits.replaceFirst("^0+", ""); // 0 before the area code, as dialled in Brazil (0 11 ...), or a carrier code
      if (digits.length() > 11) {
        digits = digits.substring(digits.length() - 11 >= 2 ? 2 : 0); // 0 XX 11 ...: carrier code
      }
    }
    if (!international && (digits.length() == 12 || digits.length() == 13) && digits.startsWith("55")) {
      international = true; // 55 11 ...: the country code without the plus
    }
    if (!international) {
      if (digits.length() < 10) {
        throw new InvalidPhoneException("O telefone '" + written + "' tem dígitos de menos: informe o DDD e o número, "
            + "por exemplo (11) 98765-4321.");
      }
      if (digits.length() > 11) {
        throw new InvalidPhoneException("O telefone '" + written + "' tem dígitos demais: informe o DDD e o número "
            + "(um número de outro país começa com + e o código do país).");
      }
      digits = "55" + digits;
    }
    if (digits.startsWith("55") && digits.length() == 12 && "6789".indexOf(digits.charAt(4)) >= 0) {
      digits = digits.substring(0, 4) + "9" + digits.substring(4); // a mobile number without its ninth digit
    }
    PhoneNumber number;
    try {
      number = PHONES.parse("+" + digits, null);
    } catch (NumberParseException e) {
      throw new InvalidPhoneException("O telefone '" + written + "' não pôde ser lido como número de telefone.");
    }
    if (!PHONES.isValidNumber(number)) {
      String region = PHONES.getRegionCodeForNumber(number);
      throw new InvalidPhoneException("O telefone '" + written + "' não existe"
          + (BRAZIL.equals(region) || digits.startsWith("55") ? " no Brasil (confira o DDD e o número)" : "") + ".");
    }
    return PHONES.format(number, PhoneNumberFormat.E164).substring(1);
  }
}
