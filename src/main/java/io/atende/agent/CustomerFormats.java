package io.atende.agent;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.atende.journey.Documents;

/** How the desk shows phone numbers (the customer's and the business's) and documents: as people write them, not as stored. */
final class CustomerFormats {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  private CustomerFormats() {}

  /** A WhatsApp id (digits with country code) in international format, e.g. {@code +55 11 98765-4321}. */
  static String phone(String waId) {
    String plus = "+" + waId;
    try {
      PhoneNumber number = PHONES.parse(plus, null);
      return PHONES.isPossibleNumber(number) ? PHONES.format(number, PhoneNumberFormat.INTERNATIONAL) : plus;
    } catch (NumberParseException e) {
      return plus;
    }
  }

  /** A CPF or CNPJ with its punctuation, e.g. {@code 529.982.247-25}; {@code null} when none is known. */
  static String document(String value) {
    return value == null ? null : Documents.parse(value).map(Documents.Document::formatted).orElse(value);
  }
}
