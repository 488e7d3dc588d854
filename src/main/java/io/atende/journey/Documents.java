package io.atende.journey;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Brazilian taxpayer documents a customer identifies with: CPF (a person, 11 digits) or CNPJ (a
 * company, 14 characters). Both end in two mod-11 check digits.
 *
 * <p>The CNPJ is alphanumeric from July 2026 (Receita Federal, IN RFB 2.229/2024): the first 12
 * characters may be digits or upper-case letters, the last two stay digits. Each character is worth
 * its ASCII code minus 48 ({@code '0'} = 0 … {@code '9'} = 9, {@code 'A'} = 17 … {@code 'Z'} = 42), and
 * the check digits use the same weights as before, so every numeric CNPJ stays valid.
 *
 * <p>Input may carry the usual punctuation ({@code 123.456.789-09}, {@code 12.ABC.345/01DE-35}) or
 * spaces; letters are taken in either case. Sequences of one repeated character are rejected even
 * where their check digits add up ({@code 111.111.111-11}).
 */
public final class Documents {

  private static final Pattern PUNCTUATION = Pattern.compile("[\\s./\\-]");
  private static final Pattern CPF = Pattern.compile("\\d{11}");
  private static final Pattern CNPJ = Pattern.compile("[0-9A-Z]{12}\\d{2}");
  private static final int[] CNPJ_WEIGHTS = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};

  private Documents() {}

  /** Which document a customer gave. */
  public enum Kind {
    CPF,
    CNPJ
  }

  /**
   * A valid document, {@link #value()} without punctuation (letters upper-case). Its {@link #toString()}
   * is masked so that it can never leak whole into a log.
   */
  public record Document(Kind kind, String value) {

    /** With the usual punctuation: {@code 123.456.789-09}, {@code 12.345.678/0001-95}. */
    public String formatted() {
      return kind == Kind.CPF
          ? value.substring(0, 3) + "." + value.substring(3, 6) + "." + value.substring(6, 9) + "-" + value.substring(9)
          : value.substring(0, 2) + "." + value.substring(2, 5) + "." + value.substring(5, 8) + "/" + value.substring(8, 12)
              + "-" + value.substring(12);
    }

    /** Formatted, the first block and the check digits hidden: {@code ***.456.789-**}, {@code **.345.678/0001-**}. */
    public String masked() {
      String f = formatted();
      int firstDot = f.indexOf('.');
      return "*".repeat(firstDot) + f.substring(firstDot, f.length() - 2) + "**";
    }

    @Override
    public String toString() {
      return kind + " " + masked();
    }
  }

  /** The document in {@code input}, if it is a valid CPF or CNPJ. */
  public static Optional<Document> parse(String input) {
    if (input == null) {
      return Optional.empty();
    }
    String value = PUNCTUATION.matcher(input.trim()).replaceAll("").toUpperCase(Locale.ROOT);
    if (isRepeated(value)) {
      return Optional.empty();
    }
    if (CPF.matcher(value).matches() && cpfCheckDigitsMatch(value)) {
      return Optional.of(new Document(Kind.CPF, value));
    }
    if (CNPJ.matcher(value).matches() && cnpjCheckDigitsMatch(value)) {
      return Optional.of(new Document(Kind.CNPJ, value));
    }
    return Optional.empty();
  }

  public static boolean isValid(String input) {
    return parse(input).isPresent();
  }

  /** Masks whatever looks like a document for logs; input that is no document becomes {@code ***}. */
  public static String mask(String input) {
    return parse(input).map(Document::masked).orElse("***");
  }

  private static boolean isRepeated(String value) {
    return !value.isEmpty() && value.chars().allMatch(c -> c == value.charAt(0));
  }

  private static boolean cpfCheckDigitsMatch(String cpf) {
    return cpfDigit(cpf, 9) == cpf.charAt(9) - '0' && cpfDigit(cpf, 10) == cpf.charAt(10) - '0';
  }

  /** The check digit after the first {@code length} digits: weights length+1 down to 2. */
  private static int cpfDigit(String cpf, int length) {
    int sum = 0;
    for (int i = 0; i < length; i++) {
      sum += (cpf.charAt(i) - '0') * (length + 1 - i);
    }
    return checkDigit(sum);
  }

  private static boolean cnpjCheckDigitsMatch(String cnpj) {
    return cnpjDigit(cnpj, 12) == cnpj.charAt(12) - '0' && cnpjDigit(cnpj, 13) == cnpj.charAt(13) - '0';
  }

  /** The check digit after the first {@code length} characters: weights 5..2,9..2 (12) or 6..2,9..2 (13). */
  private static int cnpjDigit(String cnpj, int length) {
    int offset = CNPJ_WEIGHTS.length - length;
    int sum = 0;
    for (int i = 0; i < length; i++) {
      sum += (cnpj.charAt(i) - '0') * CNPJ_WEIGHTS[offset + i];
    }
    return checkDigit(sum);
  }

  private static int checkDigit(int sum) {
    int remainder = sum % 11;
    return remainder < 2 ? 0 : 11 - remainder;
  }
}
