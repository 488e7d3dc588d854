package io.atende.journey;

import org.springframework.stereotype.Component;

/**
 * The journey's settings as the BPMN reads them, e.g. the timers of {@code processes/conversation.bpmn}:
 * {@code ${journeySettings.inactivityReminder}} (ISO-8601 duration, from {@code atende.journey.inactivity-reminder})
 * and {@code ${journeySettings.inactivityEnd}} (reminder plus {@code atende.journey.inactivity-timeout}).
 */
@Component("journeySettings")
public class JourneySettings {

  private final JourneyProperties properties;

  JourneySettings(JourneyProperties properties) {
    this.properties = properties;
  }

  /** Silence before the reminder, e.g. {@code PT5M}. */
  public String getInactivityReminder() {
    return properties.inactivityReminder().toString();
  }

  /** Silence before the goodbye, counted like the reminder from the bot's question, e.g. {@code PT15M}. */
  public String getInactivityEnd() {
    return properties.inactivityReminder().plus(properties.inactivityTimeout()).toString();
  }

  public int getMaxMenuMisses() {
    return properties.maxMenuMisses();
  }

  public int getMaxDocumentAttempts() {
    return properties.maxDocumentAttempts();
  }

  public String getDefaultQueue() {
    return properties.defaultQueue();
  }
}
