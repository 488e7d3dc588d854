package io.atende.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.atende.journey.Documents.Document;
import io.atende.journey.Documents.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentsTest {

  @ParameterizedTest
  @ValueSource(strings = {"52998224725", "529.982.247-25", " 529 982 247 25 ", "123.456.789-09"})
  void validCpfIsAcceptedWithOrWithoutPunctuation(String input) {
    assertThat(Documents.parse(input)).get().extracting(Document::kind).isEqualTo(Kind.CPF);
  }

  @ParameterizedTest
  @ValueSource(strings = {"529.982.247-24", "52998224752", "1234567890", "123456789012", "111.111.111-11", "000.000.000-00"})
  void cpfWithWrongCheckDigitsLengthOrRepeatedDigitsIsRejected(String input) {
    assertThat(Documents.parse(input)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"11222333000181", "11.222.333/0001-81", "11 222 333 0001 81"})
  void validNumericCnpjIsAccepted(String input) {
    assertThat(Documents.parse(input)).get().isEqualTo(new Document(Kind.CNPJ, "11222333000181"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"12ABC34501DE35", "12.ABC.345/01DE-35", "12.abc.345/01de-35"})
  void validAlphanumericCnpjIsAcceptedInEitherCase(String input) {
    assertThat(Documents.parse(input)).get().isEqualTo(new Document(Kind.CNPJ, "12ABC34501DE35"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"11.222.333/0001-82", "12.ABC.345/01DE-36", "12.ABC.345/01DE-3A", "11111111111111", "AAAAAAAAAAAA00",
      "1122233300018"})
  void cnpjWithWrongCheckDigitsOrShapeIsRejected(String input) {
    assertThat(Documents.parse(input)).isEmpty();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "meu cpf é esse", "1", "😀", "529.982.247-25 e 11.222.333/0001-81", "52998224725a"})
  void garbageIsNoDocument(String input) {
    assertThat(Documents.isValid(input)).isFalse();
  }

  @Test
  void documentsAreFormattedAndMaskedForLogs() {
    Document cpf = Documents.parse("12345678909").orElseThrow();
    Document cnpj = Documents.parse("11222333000181").orElseThrow();
    assertThat(cpf.formatted()).isEqualTo("123.456.789-09");
    assertThat(cpf.masked()).isEqualTo("***.456.789-**");
    assertThat(cnpj.formatted()).isEqualTo("11.222.333/0001-81");
    assertThat(cnpj.masked()).isEqualTo("**.222.333/0001-**");
    assertThat(cpf.toString()).doesNotContain("12345678909").doesNotContain("123.456.789-09");
    assertThat(Documents.mask("not a document 123")).isEqualTo("***");
  }
}
