package io.atende.journey;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the menu option a customer's answer chooses, forgivingly: case, accents, punctuation and extra
 * spaces do not matter, nor leading zeros or keycap emoji. {@code "1"}, {@code "01"}, {@code "1 - comercial"},
 * {@code "1 – Comercial"}, {@code "1️⃣"} and {@code "Comercial"} all choose option 1 (Comercial); so does a
 * keyword of the option, alone or within a sentence ({@code "quero falar com o comercial"}) as long as no
 * other option is named too. A number that contradicts the label typed with it ({@code "1 - financeiro"})
 * chooses nothing, nor does a second number ({@code "1 e 2"}, {@code "1,5"}).
 */
public final class MenuMatcher {

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9]+");
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern NUMBER_WORD = Pattern.compile("(^| )\\d");

  private MenuMatcher() {}

  public static Optional<MenuOption> match(List<MenuOption> options, String answer) {
    String text = normalize(answer);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    int space = text.indexOf(' ');
    String first = space < 0 ? text : text.substring(0, space);
    if (DIGITS.matcher(first).matches()) {
      return byNumber(options, first, space < 0 ? "" : text.substring(space + 1));
    }
    List<MenuOption> exact = options.stream().filter(o -> names(o).anyMatch(text::equals)).toList();
    if (exact.size() == 1) {
      return Optional.of(exact.get(0));
    }
    List<MenuOption> named = options.stream().filter(o -> names(o).anyMatch(n -> containsPhrase(text, n))).toList();
    return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
  }

  private static Optional<MenuOption> byNumber(List<MenuOption> options, String digits, String rest) {
    String number = digits.replaceFirst("^0+(?=\\d)", "");
    if (number.length() > 3) {
      return Optional.empty();
    }
    int n = Integer.parseInt(number);
    Optional<MenuOption> chosen = options.stream().filter(o -> o.number() == n).findFirst();
    if (chosen.isEmpty() || rest.isEmpty()) {
      return chosen;
    }
    if (NUMBER_WORD.matcher(rest).find()) {
      return Optional.empty();
    }
    boolean namesAnother = options.stream().filter(o -> o != chosen.get())
        .anyMatch(o -> names(o).anyMatch(name -> containsPhrase(rest, name)));
    boolean namesIt = names(chosen.get()).anyMatch(name -> containsPhrase(rest, name));
    return namesAnother && !namesIt ? Optional.empty() : chosen;
  }

  private static Stream<String> names(MenuOption option) {
    return Stream.concat(Stream.of(option.label()), option.keywords().stream()).map(MenuMatcher::normalize).filter(s -> !s.isEmpty());
  }

  private static boolean containsPhrase(String text, String phrase) {
    return (" " + text + " ").contains(" " + phrase + " ");
  }

  /** Lower case, no accents, words of letters and digits separated by one space. */
  static String normalize(String s) {
    if (s == null) {
      return "";
    }
    String plain = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    return NOT_WORD.matcher(plain).replaceAll(" ").trim();
  }
}
