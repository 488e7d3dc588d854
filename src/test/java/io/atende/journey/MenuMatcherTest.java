package io.atende.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MenuMatcherTest {

  static final List<MenuOption> MENU = List.of(
      new MenuOption(1, "Comercial", "comercial", List.of("vendas", "orçamento")),
      new MenuOption(2, "Financeiro", "financeiro", List.of("boleto", "nota fiscal")),
      new MenuOption(3, "Suporte técnico", "suporte", List.of()),
      new MenuOption(12, "Ouvidoria", "ouvidoria", List.of()));

  @ParameterizedTest
  @ValueSource(strings = {"1", "01", " 1 ", "1.", "1)", "1 - comercial", "1 – Comercial", "1—COMERCIAL", "1️⃣", "comercial", "Comercial!",
      "  COMERCIAL  ", "vendas", "Orçamento", "orcamento", "quero um orçamento", "1 por favor"})
  void forgivingAnswersChooseOptionOne(String answer) {
    assertThat(MenuMatcher.match(MENU, answer)).get().extracting(MenuOption::skill).isEqualTo("comercial");
  }

  @ParameterizedTest
  @ValueSource(strings = {"suporte tecnico", "Suporte Técnico", "3 - suporte técnico", "003"})
  void accentsAndLeadingZerosDoNotMatter(String answer) {
    assertThat(MenuMatcher.match(MENU, answer)).get().extracting(MenuOption::number).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2 nota fiscal", "segunda via do boleto", "NOTA FISCAL"})
  void keywordsChooseTheirOption(String answer) {
    assertThat(MenuMatcher.match(MENU, answer)).get().extracting(MenuOption::number).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"12", "12 - ouvidoria", "ouvidoria"})
  void twoDigitNumbersAreNotConfusedWithOneDigitOnes(String answer) {
    assertThat(MenuMatcher.match(MENU, answer)).get().extracting(MenuOption::number).isEqualTo(12);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"4", "0", "oi", "bom dia, tudo bem?", "1 - financeiro", "comercial ou financeiro", "52998224725", "🙂", "1,5", "1 e 2"})
  void unknownContradictoryOrAmbiguousAnswersChooseNothing(String answer) {
    assertThat(MenuMatcher.match(MENU, answer)).isEmpty();
  }
}
