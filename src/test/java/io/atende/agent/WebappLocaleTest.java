package io.atende.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our pt-BR locale files against the English ones in the Camunda webjar: the webapps show the raw key for
 * any label a locale lacks, and a lost {@code {{placeholder}}} or HTML tag breaks the message.
 */
class WebappLocaleTest {

  private static final String LOCALES = "/META-INF/resources/webjars/camunda/app/%s/locales/%s.json";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
  private static final Pattern HTML = Pattern.compile("</?[a-zA-Z][^>]*>|&\\w+;");
  /** Stock labels rendered as text (escaped), not markup: translated like words. */
  private static final List<String> TEXT_IN_ANGLE_BRACKETS = List.of("<null>", "<undefined>");

  private final ObjectMapper json = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "welcome"})
  void portugueseLocaleHasEveryLabelOfTheStockEnglishOne(String app) throws IOException {
    Map<String, String> english = labels(app, "en");
    Map<String, String> portuguese = labels(app, "pt-BR");

    assertThat(english).as("stock %s en.json labels", app).hasSizeGreaterThan(100);
    assertThat(portuguese.keySet()).as("%s pt-BR.json keys", app).isEqualTo(english.keySet());
    english.forEach((key, text) -> {
      if (!text.isEmpty()) {
        assertThat(portuguese.get(key)).as("%s pt-BR label %s", app, key).isNotBlank();
      }
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "welcome"})
  void portugueseLabelsKeepPlaceholdersAndMarkup(String app) throws IOException {
    Map<String, String> english = labels(app, "en");
    Map<String, String> portuguese = labels(app, "pt-BR");

    english.forEach((key, text) -> {
      String translated = portuguese.getOrDefault(key, "");
      assertThat(tokens(PLACEHOLDER, translated)).as("%s %s placeholders", app, key)
          .containsExactlyInAnyOrderElementsOf(tokens(PLACEHOLDER, text));
      if (!TEXT_IN_ANGLE_BRACKETS.contains(text)) {
        assertThat(tokens(HTML, translated)).as("%s %s markup", app, key)
            .containsExactlyInAnyOrderElementsOf(tokens(HTML, text));
      }
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"tasklist"})
  void portugueseLocaleCarriesDateNames(String app) throws IOException {
    JsonNode dates = read(app, "pt-BR").path("dateLocales");
    JsonNode stockDates = read(app, "en").path("dateLocales");

    List<String> sections = new ArrayList<>();
    stockDates.fieldNames().forEachRemaining(sections::add);
    assertThat(sections).isNotEmpty().allSatisfy(section ->
        assertThat(dates.has(section)).as("dateLocales.%s", section).isTrue());
    assertThat(dates.path("months").get(0).asText()).isEqualTo("janeiro");
    assertThat(dates.path("weekdays").size()).isEqualTo(7);
    assertThat(dates.path("longDateFormat").path("L").asText()).isEqualTo("DD/MM/YYYY");
  }

  private Map<String, String> labels(String app, String locale) throws IOException {
    Map<String, String> labels = new TreeMap<>();
    read(app, locale).path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  private JsonNode read(String app, String locale) throws IOException {
    String path = LOCALES.formatted(app, locale);
    try (InputStream in = WebappLocaleTest.class.getResourceAsStream(path)) {
      assertThat(in).as("classpath resource %s", path).isNotNull();
      return json.readTree(in);
    }
  }

  private static List<String> tokens(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(matcher.groupCount() > 0 && matcher.group(1) != null ? 1 : 0));
    }
    return found;
  }
}
