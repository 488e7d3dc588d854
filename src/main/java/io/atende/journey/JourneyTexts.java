package io.atende.journey;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Customer-facing texts of the bot journey ({@code atende.journey.texts.*}), Brazilian Portuguese by default. */
@ConfigurationProperties("atende.journey.texts")
public record JourneyTexts(
    @DefaultValue("Olá! Você está falando com o atendimento. Em que podemos ajudar?") String greeting) {}
