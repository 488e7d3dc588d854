package io.atende.journey;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Customer-facing texts the models do not carry ({@code atende.journey.texts.*}), Brazilian Portuguese by default.
 * The bot journey's own texts live in {@code processes/conversation.bpmn} (block properties); what is left here is sent
 * by steps of the human part. {@code {protocol}} and {@code {queue}} are replaced by the protocol number and the queue's
 * name.
 *
 * @param transferred when an agent moves the conversation to another queue
 */
@ConfigurationProperties("atende.journey.texts")
public record JourneyTexts(
    @DefaultValue("Seu atendimento (protocolo {protocol}) foi transferido para a equipe de {queue}. Aguarde, em instantes você será atendido.")
        String transferred) {

  /** Replaces {@code {protocol}} and {@code {queue}} in a text. */
  static String fill(String text, String protocol, String queue) {
    return text.replace("{protocol}", protocol == null ? "" : protocol).replace("{queue}", queue == null ? "" : queue);
  }
}
