package io.atende.survey;

import static org.assertj.core.api.Assertions.assertThat;

import io.atende.survey.SurveyAnswers.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule telling a score from an unexpected answer and from a new subject, and the three standard scores. */
class SurveyAnswersTest {

  private static SurveyAnswers.Classified csat(String text) {
    return SurveyAnswers.classify(text, SurveyKind.CSAT, SurveyKind.CSAT.defaultExpectedAnswers());
  }

  @Test
  void numbersOfTheScaleWordsAndEmojiAreScoresAccentsAndCaseIgnored() {
    assertThat(csat("5").score()).isEqualTo(5);
    assertThat(csat(" 1 ").score()).isEqualTo(1);
    assertThat(csat("Ótimo").score()).isEqualTo(5);
    assertThat(csat("OTIMO!!").score()).isEqualTo(5);
    assertThat(csat("pessimo").score()).isEqualTo(1);
    assertThat(csat("😀").score()).isEqualTo(5);
    assertThat(csat("🙂").score()).isEqualTo(4);
    assertThat(csat("nota 4").score()).isEqualTo(4);
    assertThat(csat("5, adorei o atendimento de vocês").score()).isEqualTo(5);
    assertThat(csat("bom atendimento, obrigada pela ajuda").score()).isEqualTo(4);
  }

  @Test
  void outOfScaleAmbiguousShortOrEmptyAnswersAreUnexpected() {
    assertThat(csat("6").verdict()).isEqualTo(Verdict.UNEXPECTED);
    assertThat(csat("0").verdict()).isEqualTo(Verdict.UNEXPECTED);
    assertThat(csat("talvez").verdict()).isEqualTo(Verdict.UNEXPECTED);
    assertThat(csat("sim, obrigado").verdict()).isEqualTo(Verdict.UNEXPECTED);
    assertThat(csat(null).verdict()).as("media").isEqualTo(Verdict.UNEXPECTED);
    assertThat(csat("   ").verdict()).isEqualTo(Verdict.UNEXPECTED);
  }

  @Test
  void aLongerMessageThatDoesNotStartWithAScoreIsANewSubject() {
    assertThat(csat("Oi, meu pedido ainda não chegou").verdict()).isEqualTo(Verdict.NEW_SUBJECT);
    assertThat(csat("quero falar com um atendente 5").verdict()).isEqualTo(Verdict.NEW_SUBJECT);
  }

  @Test
  void eachKindHasItsScaleAndTheNumbersExpectedAnswersMapToScores() {
    assertThat(SurveyAnswers.classify("0", SurveyKind.NPS, Map.of()).score()).isEqualTo(0);
    assertThat(SurveyAnswers.classify("10", SurveyKind.NPS, Map.of()).score()).isEqualTo(10);
    assertThat(SurveyAnswers.classify("11", SurveyKind.NPS, Map.of()).verdict()).isEqualTo(Verdict.UNEXPECTED);
    assertThat(SurveyAnswers.classify("7", SurveyKind.CES, Map.of()).score()).isEqualTo(7);
    assertThat(SurveyAnswers.classify("muito fácil", SurveyKind.CES, SurveyKind.CES.defaultExpectedAnswers()).score()).isEqualTo(7);
    assertThat(SurveyAnswers.classify("Show de bola", SurveyKind.CSAT, Map.of("show de bola", 5)).score()).isEqualTo(5);
    assertThat(SurveyAnswers.classify("Top", SurveyKind.CSAT, Map.of("top", 9)).verdict()).as("a word mapped off the scale")
        .isEqualTo(Verdict.UNEXPECTED);
  }

  @Test
  void theThreeScoresAreComputedTheStandardWay() {
    // CSAT: share of 4 and 5
    assertThat(SurveyKind.CSAT.score(List.of(5, 4, 3, 1))).isEqualTo(50.0);
    assertThat(SurveyKind.CSAT.score(List.of(5, 5, 4))).isEqualTo(100.0);
    assertThat(SurveyKind.CSAT.score(List.of(1, 2, 3))).isEqualTo(0.0);
    // NPS: % promoters (9-10) - % detractors (0-6); 7 and 8 are passives
    assertThat(SurveyKind.NPS.score(List.of(10, 10, 9, 7, 3))).isEqualTo(40.0);
    assertThat(SurveyKind.NPS.score(List.of(0, 6, 8))).isEqualTo(-66.7);
    assertThat(SurveyKind.NPS.score(List.of(7, 8))).isEqualTo(0.0);
    // CES: average
    assertThat(SurveyKind.CES.score(List.of(7, 5, 6))).isEqualTo(6.0);
    assertThat(SurveyKind.CES.score(List.of(1, 2))).isEqualTo(1.5);
    assertThat(SurveyKind.CSAT.score(List.of())).isNull();
  }
}
