package io.atende.journey.outreach;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the agent reads when asking for an active contact or recontact ({@code atende.outreach.texts.*}); the seed's
 * own words are the defaults. {@code {protocol}} and {@code {number}} are filled in.
 */
@ConfigurationProperties("atende.outreach")
public record OutreachProperties(@DefaultValue Texts texts) {

  public record Texts(
      @DefaultValue("Template enviado. Protocolo {protocol}: a conversa começa quando o cliente responder.") String sent,
      @DefaultValue("Esse contato já existe. Clique em Recontato para ir para tela de Recontato") String contactExists,
      @DefaultValue("Esse cliente já está em atendimento. Protocolo {protocol}.") String inService,
      @DefaultValue("Esse cliente já está em atendimento com o bot.") String inServiceWithBot,
      @DefaultValue("Esse contato ainda não conversou com a empresa. Clique em Contato Ativo para enviar o primeiro template.")
      String notAContact,
      @DefaultValue("O número de origem {number} não está habilitado para você.") String numberNotEnabled,
      @DefaultValue("O número de origem {number} não é um número de WhatsApp desta empresa.") String unknownNumber,
      @DefaultValue("Escolha o número de origem do contato.") String numberMissing,
      @DefaultValue("Informe o nome do cliente.") String nameMissing,
      @DefaultValue("O nome do cliente tem mais de 256 caracteres.") String nameTooLong,
      @DefaultValue("Escolha o template e preencha as variáveis.") String templateMissing) {}

  static String fill(String text, String protocol, String number) {
    return text.replace("{protocol}", protocol == null ? "" : protocol).replace("{number}", number == null ? "" : number);
  }
}
