package io.atende.journey;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Customer-facing texts of the bot journey ({@code atende.journey.texts.*}), Brazilian Portuguese by default.
 * {@code {protocol}} and {@code {queue}} are replaced by the protocol number and the queue's name.
 *
 * @param greeting first answer to a customer who writes with no open protocol
 * @param menuHeader line above the menu options
 * @param menuHint after an answer that chose no option (the menu follows)
 * @param notUnderstood after media, a sticker, a location... where the bot expects text
 * @param handOver when the customer could not choose from the menu and goes to the default queue
 * @param askDocument asks for the CPF or CNPJ
 * @param invalidDocument after an invalid CPF/CNPJ, with attempts left
 * @param unidentified after too many invalid documents: the journey goes on unidentified
 * @param protocol the protocol number, before the customer waits for an agent
 * @param transferred when an agent moves the conversation to another queue
 * @param reminder after some silence while the bot waits for an answer
 * @param goodbye when the bot ends a conversation the customer left
 */
@ConfigurationProperties("atende.journey.texts")
public record JourneyTexts(
    @DefaultValue("Olá! Você está falando com o atendimento. Em que podemos ajudar?") String greeting,
    @DefaultValue("Digite o número da opção desejada:") String menuHeader,
    @DefaultValue("Não entendi sua resposta. Por favor, digite só o número de uma das opções abaixo.") String menuHint,
    @DefaultValue("Desculpe, aqui só consigo entender texto. Por favor, escreva sua resposta.") String notUnderstood,
    @DefaultValue("Não consegui identificar a opção desejada. Vou encaminhar você para um de nossos atendentes.") String handOver,
    @DefaultValue("Para continuar, informe o seu CPF ou, se for uma empresa, o CNPJ.") String askDocument,
    @DefaultValue("Não consegui validar esse documento. Confira os números e envie o CPF ou CNPJ novamente.") String invalidDocument,
    @DefaultValue("Não foi possível validar o documento, mas vamos seguir com o seu atendimento; um atendente confirmará seus dados.")
        String unidentified,
    @DefaultValue("Seu protocolo de atendimento é {protocol}. Você será atendido por um de nossos atendentes de {queue} em instantes; você está na fila.")
        String protocol,
    @DefaultValue("Seu atendimento (protocolo {protocol}) foi transferido para a equipe de {queue}. Aguarde, em instantes você será atendido.")
        String transferred,
    @DefaultValue("Você ainda está aí? Estamos aguardando sua resposta para continuar o atendimento.") String reminder,
    @DefaultValue("Como não recebemos sua resposta, estamos encerrando este atendimento. Quando precisar, é só nos chamar por aqui. Até logo!")
        String goodbye) {

  /** Replaces {@code {protocol}} and {@code {queue}} in a text. */
  static String fill(String text, String protocol, String queue) {
    return text.replace("{protocol}", protocol == null ? "" : protocol).replace("{queue}", queue == null ? "" : queue);
  }
}
