package io.atende.survey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atende.survey.SurveySettings.OutsideWindow;
import io.atende.survey.SurveySettings.Template;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Survey settings per WhatsApp number (table {@code survey_settings}). A number without a row uses every default of
 * CSAT, enabled as {@code atende.surveys.enabled} says (false unless set); a null column uses its kind's default.
 */
@Repository
class SurveySettingsStore {

  private static final TypeReference<LinkedHashMap<String, Integer>> ANSWERS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final boolean enabledByDefault;

  SurveySettingsStore(JdbcClient jdbc, ObjectMapper json, @Value("${atende.surveys.enabled:false}") boolean enabledByDefault) {
    this.jdbc = jdbc;
    this.json = json;
    this.enabledByDefault = enabledByDefault;
  }

  /** What a PUT stores: null = the kind's default. */
  record Stored(boolean enabled, SurveyKind kind, Duration delay, String question, Map<String, Integer> expectedAnswers,
      String feedbackQuestion, String thanks, Integer maxReasks, Duration answerTimeout, OutsideWindow outsideWindow,
      Template template) {}

  SurveySettings effective(String phoneNumberId) {
    return find(phoneNumberId).map(s -> merge(phoneNumberId, s, true))
        .orElseGet(() -> merge(phoneNumberId, new Stored(enabledByDefault, SurveyKind.CSAT, null, null, null, null, null, null, null,
            null, null), false));
  }

  static SurveySettings merge(String phoneNumberId, Stored s, boolean customized) {
    SurveyKind kind = s.kind();
    return new SurveySettings(phoneNumberId, s.enabled(), kind,
        or(s.delay(), SurveySettings.DEFAULT_DELAY),
        or(s.question(), kind.defaultQuestion()),
        or(s.expectedAnswers(), kind.defaultExpectedAnswers()),
        or(s.feedbackQuestion(), SurveyKind.DEFAULT_FEEDBACK_QUESTION),
        or(s.thanks(), SurveyKind.DEFAULT_THANKS),
        or(s.maxReasks(), SurveySettings.DEFAULT_MAX_REASKS),
        or(s.answerTimeout(), SurveySettings.DEFAULT_ANSWER_TIMEOUT),
        or(s.outsideWindow(), OutsideWindow.TEMPLATE),
        or(s.template(), SurveySettings.DEFAULT_TEMPLATE),
        customized);
  }

  Optional<Stored> find(String phoneNumberId) {
    return jdbc.sql("""
            select enabled, kind, delay_duration, question, expected_answers, feedback_question, thanks, max_reasks,
                   answer_timeout, outside_window, template_name, template_language
            from survey_settings where phone_number_id = ?""")
        .param(phoneNumberId).query(this::map).optional();
  }

  void save(String phoneNumberId, Stored s, String user) {
    Object[] values = {s.enabled(), s.kind().name(), text(s.delay()), s.question(), answers(s.expectedAnswers()), s.feedbackQuestion(),
        s.thanks(), s.maxReasks(), text(s.answerTimeout()), s.outsideWindow() == null ? null : s.outsideWindow().name(),
        s.template() == null ? null : s.template().name(), s.template() == null ? null : s.template().language(), user,
        Timestamp.from(Instant.now()), phoneNumberId};
    int updated = jdbc.sql("""
            update survey_settings set enabled = ?, kind = ?, delay_duration = ?, question = ?, expected_answers = ?,
              feedback_question = ?, thanks = ?, max_reasks = ?, answer_timeout = ?, outside_window = ?, template_name = ?,
              template_language = ?, updated_by = ?, updated_at = ?
            where phone_number_id = ?""").params(values).update();
    if (updated == 0) {
      jdbc.sql("""
              insert into survey_settings (enabled, kind, delay_duration, question, expected_answers, feedback_question, thanks,
                max_reasks, answer_timeout, outside_window, template_name, template_language, updated_by, updated_at, phone_number_id)
              values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""").params(values).update();
    }
  }

  private Stored map(ResultSet rs, int n) throws SQLException {
    String templateName = rs.getString(11);
    return new Stored(rs.getBoolean(1), SurveyKind.valueOf(rs.getString(2)), duration(rs.getString(3)), rs.getString(4),
        answers(rs.getString(5)), rs.getString(6), rs.getString(7), (Integer) rs.getObject(8, Integer.class), duration(rs.getString(9)),
        rs.getString(10) == null ? null : OutsideWindow.valueOf(rs.getString(10)),
        templateName == null ? null : new Template(templateName, rs.getString(12)));
  }

  private String answers(Map<String, Integer> answers) {
    try {
      return answers == null ? null : json.writeValueAsString(answers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, Integer> answers(String text) {
    try {
      return text == null ? null : json.readValue(text, ANSWERS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored expected answers are not JSON", e);
    }
  }

  private static String text(Duration d) {
    return d == null ? null : d.toString();
  }

  private static Duration duration(String text) {
    return text == null ? null : Duration.parse(text);
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
