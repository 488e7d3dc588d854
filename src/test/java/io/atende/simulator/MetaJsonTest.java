package io.atende.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetaJsonTest {

  record Sample(String displayName, String url) {}

  @Test
  void nonAsciiIsWrittenAsLowercaseUnicodeEscapes() {
    assertThat(MetaJson.escape("\"João Ação\"")).isEqualTo("\"Jo\\u00e3o A\\u00e7\\u00e3o\"");
  }

  @Test
  void emojiIsWrittenAsASurrogatePair() {
    assertThat(MetaJson.escape("\"👍\"")).isEqualTo("\"\\ud83d\\udc4d\"");
  }

  @Test
  void slashIsEscapedAndAsciiIsLeftAlone() {
    assertThat(MetaJson.escape("{\"a\":\"text/html\",\"b\":\"x\\\\/y\",\"c\":1}"))
        .isEqualTo("{\"a\":\"text\\/html\",\"b\":\"x\\\\\\/y\",\"c\":1}");
  }

  @Test
  void writtenJsonIsSnakeCaseAsciiAndReadsBackToTheSameText() throws Exception {
    byte[] bytes = MetaJson.write(new Sample("Zé Ninguém 🎉", "https://example.com/a?b=c"));
    String text = new String(bytes, StandardCharsets.US_ASCII);

    assertThat(text).startsWith("{\"display_name\":\"Z\\u00e9 Ningu\\u00e9m \\ud83c\\udf89\"")
        .contains("\"url\":\"https:\\/\\/example.com\\/a?b=c\"");
    Sample back = MetaJson.mapper().readValue(bytes, Sample.class);
    assertThat(back).isEqualTo(new Sample("Zé Ninguém 🎉", "https://example.com/a?b=c"));
    assertThat(new ObjectMapper().readTree(bytes).path("display_name").asText()).isEqualTo("Zé Ninguém 🎉");
  }
}
