package io.atende.survey;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a customer's message to a waiting survey question is (the rule README "Satisfaction surveys" states):
 * <ol>
 *   <li>the whole message is a number of the scale or an expected answer ("5", "ótimo", "😀"; accents, case and
 *       surrounding punctuation ignored): that score;
 *   <li>its first word is one ("5, adorei o atendimento", "ótimo atendimento"): that score;
 *   <li>up to {@value #SHORT_WORDS} words containing exactly one score ("nota 5", "dou 10"): that score;
 *   <li>any other message of up to {@value #SHORT_WORDS} words, or a message without text (media): unexpected, the
 *       question is asked again (up to the number's {@code maxReasks});
 *   <li>a longer message that does not start with a score ("meu pedido ainda não chegou, podem ver?"): a new subject,
 *       the survey ends unanswered and the message starts the number's journey.
 * </ol>
 */
final class SurveyAnswers {

  /** Longer messages that do not start with a score are a new subject. */
  static final int SHORT_WORDS = 3;

  private SurveyAnswers() {}

  enum Verdict {
    SCORE,
    UNEXPECTED,
    NEW_SUBJECT
  }

  record Classified(Verdict verdict, Integer score) {
    static final Classified UNEXPECTED = new Classified(Verdict.UNEXPECTED, null);
    static final Classified NEW_SUBJECT = new Classified(Verdict.NEW_SUBJECT, null);
  }

  static Classified classify(String text, SurveyKind kind, Map<String, Integer> expectedAnswers) {
    if (text == null || text.isBlank()) {
      return Classified.UNEXPECTED;
    }
    Map<String, Integer> expected = new HashMap<>();
    expectedAnswers.forEach((k, v) -> expected.put(normalize(k), v));
    String whole = normalize(text);
    Integer score = scoreOf(whole, kind, expected);
    if (score != null) {
      return new Classified(Verdict.SCORE, score);
    }
    List<String> words = Arrays.stream(whole.split("\\s+")).map(SurveyAnswers::trimPunctuation).filter(w -> !w.isEmpty()).toList();
    if (words.isEmpty()) {
      return Classified.UNEXPECTED;
    }
    Integer first = scoreOf(words.get(0), kind, expected);
    if (first == null && words.size() > 1) {
      first = expected.get(words.get(0) + " " + words.get(1)); // "muito fácil, obrigado"
    }
    if (first != null) {
      return new Classified(Verdict.SCORE, first);
    }
    if (words.size() > SHORT_WORDS) {
      return Classified.NEW_SUBJECT;
    }
    Set<Integer> found = new TreeSet<>();
    for (String word : words) {
      Integer s = scoreOf(word, kind, expected);
      if (s != null) {
        found.add(s);
      }
    }
    return found.size() == 1 ? new Classified(Verdict.SCORE, found.iterator().next()) : Classified.UNEXPECTED;
  }

  private static Integer scoreOf(String word, SurveyKind kind, Map<String, Integer> expected) {
    String w = trimPunctuation(word);
    if (w.matches("\\d{1,2}")) {
      int n = Integer.parseInt(w);
      return kind.inScale(n) ? n : null;
    }
    Integer s = expected.get(w);
    return s != null && kind.inScale(s) ? s : null;
  }

  /** Lower case, without accents (and emoji variation selectors), trimmed. */
  static String normalize(String text) {
    String decomposed = Normalizer.normalize(text.strip().toLowerCase(java.util.Locale.ROOT), Normalizer.Form.NFD);
    return trimPunctuation(decomposed.replaceAll("\\p{M}+", "").replaceAll("\\s+", " "));
  }

  private static String trimPunctuation(String w) {
    return w.replaceAll("^[\\p{Punct}\\s]+|[\\p{Punct}\\s]+$", "");
  }
}
