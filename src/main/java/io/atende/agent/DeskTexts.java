package io.atende.agent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Texts the desk shows agents ({@code atende.desk.texts.*}), Brazilian Portuguese by default. In the task's name
 * and description, {@code {protocol}}, {@code {customer}} and {@code {queue}} are replaced by the protocol number,
 * the customer's name and the queue's name.
 */
@ConfigurationProperties("atende.desk.texts")
record DeskTexts(
    @DefaultValue("A janela de 24 horas do cliente está fechada: mensagens livres não podem ser enviadas. "
        + "Envie um template aprovado (recontato) para reabrir a conversa.") String windowClosed,
    @DefaultValue("Atender {protocol} · {customer} · {queue}") String taskName,
    @DefaultValue("Protocolo {protocol}: {customer} aguarda atendimento na fila {queue}. Responda pelo formulário; "
        + "concluir a tarefa encerra o protocolo, ou transfira a conversa para outra fila ou atendente.") String taskDescription,
    @DefaultValue("Escolha o template aprovado a enviar.") String templateMissing,
    @DefaultValue("O WhatsApp não confirmou o envio (falha temporária). Tente enviar de novo.") String sendNotConfirmed) {

  String fill(String text, String protocol, String customer, String queue) {
    return text.replace("{protocol}", nonNull(protocol)).replace("{customer}", nonNull(customer)).replace("{queue}", nonNull(queue));
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
