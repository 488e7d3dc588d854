package io.atende.survey;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three survey kinds (R25) with their usual scales, the standard score, and the Portuguese defaults of their texts:
 * CSAT (1–5; score = share of 4 and 5 among the answers, in %), NPS (0–10; % promoters 9–10 minus % detractors 0–6,
 * −100..100), CES (1–7; the average answer).
 */
public enum SurveyKind {
  CSAT(1, 5,
      "Olá, {nome}! Como você avalia o atendimento do protocolo {protocolo}? Responda com uma nota de 1 (muito insatisfeito) a 5 (muito satisfeito).",
      words("péssimo", 1, "ruim", 2, "regular", 3, "bom", 4, "ótimo", 5, "excelente", 5,
          "😡", 1, "🙁", 2, "😐", 3, "🙂", 4, "😀", 5),
      List.of("Muito insatisfeito", "Insatisfeito", "Neutro", "Satisfeito", "Muito satisfeito")),
  NPS(0, 10,
      "Olá, {nome}! Numa escala de 0 a 10, quanto você recomendaria nossa empresa a um amigo ou colega? (protocolo {protocolo})",
      words("zero", 0, "dez", 10),
      List.of()),
  CES(1, 7,
      "Olá, {nome}! De 1 (muito difícil) a 7 (muito fácil), quão fácil foi resolver sua solicitação conosco no protocolo {protocolo}?",
      words("muito difícil", 1, "difícil", 2, "fácil", 6, "muito fácil", 7),
      List.of("Muito difícil", "Difícil", "Um pouco difícil", "Nem fácil nem difícil", "Um pouco fácil", "Fácil", "Muito fácil"));

  static final String DEFAULT_FEEDBACK_QUESTION =
      "Obrigado pela nota! Quer deixar um comentário sobre o atendimento? É só escrever aqui (ou responda \"não\").";
  static final String DEFAULT_THANKS = "Obrigado por avaliar o nosso atendimento! Sua opinião nos ajuda a melhorar.";

  private final int min;
  private final int max;
  private final String defaultQuestion;
  private final Map<String, Integer> defaultExpectedAnswers;
  private final List<String> labels;

  SurveyKind(int min, int max, String defaultQuestion, Map<String, Integer> defaultExpectedAnswers, List<String> labels) {
    this.min = min;
    this.max = max;
    this.defaultQuestion = defaultQuestion;
    this.defaultExpectedAnswers = defaultExpectedAnswers;
    this.labels = labels;
  }

  public int min() {
    return min;
  }

  public int max() {
    return max;
  }

  public boolean inScale(int score) {
    return score >= min && score <= max;
  }

  String defaultQuestion() {
    return defaultQuestion;
  }

  Map<String, Integer> defaultExpectedAnswers() {
    return defaultExpectedAnswers;
  }

  /** What each point of the scale means (for a WhatsApp list), from {@link #min}; empty when the scale has no list. */
  List<String> labels() {
    return labels;
  }

  /**
   * The standard score of these answers: CSAT % of 4–5, NPS % promoters − % detractors, CES average; null without answers.
   * Rounded to one decimal.
   */
  public Double score(Collection<Integer> answers) {
    if (answers.isEmpty()) {
      return null;
    }
    double n = answers.size();
    double value = switch (this) {
      case CSAT -> 100.0 * answers.stream().filter(a -> a >= 4).count() / n;
      case NPS -> 100.0 * (answers.stream().filter(a -> a >= 9).count() - answers.stream().filter(a -> a <= 6).count()) / n;
      case CES -> answers.stream().mapToInt(Integer::intValue).sum() / n;
    };
    return Math.round(value * 10) / 10.0;
  }

  private static Map<String, Integer> words(Object... pairs) {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (Integer) pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
