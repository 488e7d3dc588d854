package io.atende.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumbersTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "(11) 98765-4321       | 5511987654321",
      "11 98765 4321         | 5511987654321",
      "11987654321           | 5511987654321",
      "+55 11 98765-4321     | 5511987654321",
      "55 11 98765-4321      | 5511987654321",
      "5511987654321         | 5511987654321",
      "0 11 98765-4321       | 5511987654321",
      "(11) 8765-4321        | 5511987654321",
      "+55 (21) 8765.4321    | 5521987654321",
      "551187654321          | 5511987654321",
      "(11) 3456-7890        | 551134567890",
      "+55 11 3456-7890      | 551134567890",
      "+1 650 253 0000       | 16502530000",
      "0055 11 98765-4321    | 5511987654321"})
  void aPhoneAsPeopleWriteItBecomesWhatsAppsDigits(String written, String expected) {
    assertThat(PhoneNumbers.normalize(written)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "''                    | Informe o telefone",
      "'   '                 | Informe o telefone",
      "11 9876-abcd          | caracteres que não são dígitos",
      "98765-4321            | dígitos de menos",
      "119876543210123       | dígitos demais",
      "(10) 98765-4321       | não existe",
      "(11) 1234-5678        | não existe",
      "+99 1234 5678         | não pôde ser lido"})
  void aPhoneThatCannotExistIsRefusedWithTheReason(String written, String reason) {
    assertThatThrownBy(() -> PhoneNumbers.normalize(written))
        .isInstanceOf(PhoneNumbers.InvalidPhoneException.class)
        .hasMessageContaining(reason);
  }
}
