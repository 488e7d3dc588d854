package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColumnsTest {

  @Test
  void textThatFitsItsColumnIsKeptAsItIs() {
    assertThat(Columns.fit("Ana Souza", 9)).isEqualTo("Ana Souza");
    assertThat(Columns.fit("", 4)).isEmpty();
    assertThat(Columns.fit(null, 4)).isNull();
  }

  @Test
  void longerTextIsCutToTheColumnsLength() {
    assertThat(Columns.fit("Ana Souza", 3)).isEqualTo("Ana");
  }

  @Test
  void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
    // "Olá 😀": the emoji is two chars (a surrogate pair) at positions 4 and 5
    String text = "Olá \uD83D\uDE00!";
    assertThat(Columns.fit(text, 5)).as("the pair would be cut in two: it goes whole").isEqualTo("Olá ");
    assertThat(Columns.fit(text, 6)).as("the pair fits whole").isEqualTo("Olá \uD83D\uDE00");
    assertThat(Columns.fit(text, 5).codePoints().allMatch(Character::isValidCodePoint)).isTrue();
    assertThat(Character.isHighSurrogate(Columns.fit(text, 5).charAt(Columns.fit(text, 5).length() - 1))).isFalse();
  }
}
