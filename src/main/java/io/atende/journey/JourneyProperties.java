package io.atende.journey;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the bot journey behaves ({@code atende.journey.*}); the texts are in {@link JourneyTexts}.
 *
 * @param maxMenuMisses answers that choose no option before the customer goes to {@code defaultQueue}
 * @param maxDocumentAttempts invalid CPF/CNPJ answers before the journey goes on unidentified
 * @param inactivityReminder silence while the bot waits for an answer before one reminder is sent
 * @param inactivityTimeout further silence after the reminder before the bot says goodbye and ends
 * @param defaultQueue where a customer goes who could not choose from the menu
 * @param defaultQueueLabel how that queue is named to the customer and the agents
 * @param protocolZone the time zone whose date starts each protocol number
 */
@ConfigurationProperties("atende.journey")
public record JourneyProperties(
    @DefaultValue("3") int maxMenuMisses,
    @DefaultValue("3") int maxDocumentAttempts,
    @DefaultValue("PT5M") Duration inactivityReminder,
    @DefaultValue("PT10M") Duration inactivityTimeout,
    @DefaultValue("atendimento") String defaultQueue,
    @DefaultValue("Atendimento") String defaultQueueLabel,
    @DefaultValue("America/Sao_Paulo") ZoneId protocolZone) {

  public JourneyProperties {
    if (maxMenuMisses < 1) {
      throw new IllegalArgumentException("atende.journey.max-menu-misses must be 1 or more, was " + maxMenuMisses);
    }
    if (maxDocumentAttempts < 1) {
      throw new IllegalArgumentException("atende.journey.max-document-attempts must be 1 or more, was " + maxDocumentAttempts);
    }
    if (inactivityReminder.isNegative() || inactivityReminder.isZero() || inactivityTimeout.isNegative() || inactivityTimeout.isZero()) {
      throw new IllegalArgumentException("atende.journey.inactivity-reminder and inactivity-timeout must be positive durations");
    }
    if (defaultQueue == null || defaultQueue.isBlank()) {
      throw new IllegalArgumentException("atende.journey.default-queue must not be blank");
    }
  }
}
