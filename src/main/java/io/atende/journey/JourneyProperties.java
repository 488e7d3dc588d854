package io.atende.journey;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the journeys the models do not carry ({@code atende.journey.*}); the texts, reminder and give-up delays,
 * menu misses and document attempts of the bot journey are properties of {@code processes/conversation.bpmn}.
 *
 * @param defaultQueue the queue of a protocol a step opens without a queue (e.g. an active contact to a customer)
 * @param defaultQueueLabel how that queue is named to the customer and the agents
 * @param protocolZone the time zone whose date starts each protocol number
 */
@ConfigurationProperties("atende.journey")
public record JourneyProperties(
    @DefaultValue("atendimento") String defaultQueue,
    @DefaultValue("Atendimento") String defaultQueueLabel,
    @DefaultValue("America/Sao_Paulo") ZoneId protocolZone) {

  public JourneyProperties {
    if (defaultQueue == null || defaultQueue.isBlank()) {
      throw new IllegalArgumentException("atende.journey.default-queue must not be blank");
    }
  }
}
