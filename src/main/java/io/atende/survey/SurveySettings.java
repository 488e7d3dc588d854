package io.atende.survey;

import java.time.Duration;
import java.util.Map;

/**
 * A number's survey settings as they apply (R24): the stored values, and the kind's defaults where none is stored.
 *
 * @param question the question; {@code {nome}} and {@code {protocolo}} are filled in
 * @param expectedAnswers words and emoji mapped to scores, besides the numbers of the scale (always accepted)
 * @param feedbackQuestion asked after the score; "" asks nothing
 * @param thanks sent at the end; "" sends nothing
 * @param maxReasks how many times an unexpected answer gets the question again
 * @param outsideWindow what happens when the customer's 24-hour window is closed when the question is due
 * @param template the approved template sent then ({@code {{1}}} the customer's name, {@code {{2}}} the protocol)
 * @param customized whether the number has stored settings (false: all defaults)
 */
public record SurveySettings(String phoneNumberId, boolean enabled, SurveyKind kind, Duration delay, String question,
    Map<String, Integer> expectedAnswers, String feedbackQuestion, String thanks, int maxReasks, Duration answerTimeout,
    OutsideWindow outsideWindow, Template template, boolean customized) {

  static final Duration DEFAULT_DELAY = Duration.ofMinutes(30);
  static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofHours(24);
  static final int DEFAULT_MAX_REASKS = 2;
  static final Template DEFAULT_TEMPLATE = new Template("pesquisa_satisfacao", "pt_BR");

  /** Outside the customer's 24-hour window: send the survey template, or skip the survey with a recorded reason. */
  public enum OutsideWindow {
    TEMPLATE,
    SKIP
  }

  public record Template(String name, String language) {}

  /** The question with the customer's name and the protocol filled in. */
  String questionFor(String name, String protocol) {
    return question.replace("{nome}", name == null ? "" : name).replace("{protocolo}", protocol == null ? "" : protocol);
  }
}
