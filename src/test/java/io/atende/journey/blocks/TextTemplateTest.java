package io.atende.journey.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextTemplateTest {

  @Test
  void fillsEachVariableOnceAndLeavesBracesInValuesAsTyped() {
    TextTemplate text = TextTemplate.parse("Olá, {customerName}! Seu protocolo é { protocol }. {{literal}}");

    assertThat(text.variables()).containsExactly("customerName", "protocol");
    assertThat(text.fill(Map.<String, Object>of("customerName", "Ana {protocol}", "protocol", "20261201-000001")::get))
        .isEqualTo("Olá, Ana {protocol}! Seu protocolo é 20261201-000001. {literal}");
  }

  @Test
  void anUnsetVariableBecomesEmpty() {
    assertThat(TextTemplate.parse("Pedido {orderId}.").fill(name -> null)).isEqualTo("Pedido .");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                    | the text is empty",
      "Olá ${name}           | uses ${...}",
      "Olá #{name}           | uses #{...}",
      "Olá {name             | never closed",
      "Olá name}             | closes nothing",
      "Olá {1name}           | is not a variable name",
      "Olá {}                | is not a variable name"})
  void refusesWhatCannotBeFilled(String text, String reason) {
    assertThat(TextTemplate.check(text)).hasValueSatisfying(problem -> assertThat(problem).contains(reason));
    assertThatThrownBy(() -> TextTemplate.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
  }

  @Test
  void plainTextAndEscapedBracesAreFine() {
    assertThat(TextTemplate.check("Custa R$ 5, e {{isto}} também")).isEmpty();
  }
}
