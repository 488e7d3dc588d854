package io.atende.whatsapp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The JSON mapping of the Graph API: snake_case names, nulls left out, unknown fields tolerated. */
public final class GraphJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .findAndAddModules()
          .build();

  /** A reader per answer type: its deserializer found once, not looked up again on every answer (each send reads one). */
  private static final Map<Class<?>, ObjectReader> READERS = new ConcurrentHashMap<>();

  private GraphJson() {}

  static ObjectReader readerFor(Class<?> type) {
    return READERS.computeIfAbsent(type, MAPPER::readerFor);
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
