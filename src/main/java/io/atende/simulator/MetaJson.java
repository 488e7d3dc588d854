package io.atende.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/**
 * JSON as Meta's servers write it: snake_case names, nulls left out, and the body escaped the way
 * Graph escapes it (every non-ASCII character as a lowercase {@code \u00e3} escape, {@code /} as
 * {@code \/}). Signatures must be computed over exactly these bytes.
 */
final class MetaJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private MetaJson() {}

  static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Serializes {@code value} and escapes it like Meta does; the result is pure ASCII. */
  static byte[] write(Object value) {
    try {
      return escape(MAPPER.writeValueAsString(value)).getBytes(StandardCharsets.US_ASCII);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Escapes a JSON text. Non-ASCII characters and {@code /} can only occur inside JSON strings, so
   * rewriting them anywhere in the text keeps it valid and equivalent.
   */
  static String escape(String json) {
    StringBuilder out = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '/') {
        out.append("\\/");
      } else if (c > 0x7e) {
        out.append("\\u")
            .append(HEX[(c >> 12) & 0xf])
            .append(HEX[(c >> 8) & 0xf])
            .append(HEX[(c >> 4) & 0xf])
            .append(HEX[c & 0xf]);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
