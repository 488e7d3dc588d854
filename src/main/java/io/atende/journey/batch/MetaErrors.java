package io.atende.journey.batch;

import java.util.Map;

/** What the Cloud API's error codes mean, in Portuguese, for the batch report (R23: why a message was not delivered). */
final class MetaErrors {

  private static final Map<Integer, String> MEANINGS = Map.ofEntries(
      Map.entry(0, "Falha de autenticação com a Meta"),
      Map.entry(190, "Token de acesso expirado ou inválido"),
      Map.entry(4, "Limite de chamadas do aplicativo atingido"),
      Map.entry(80007, "Limite de chamadas da conta do WhatsApp atingido"),
      Map.entry(130429, "Limite de mensagens por segundo do número atingido"),
      Map.entry(130472, "O número do cliente faz parte de um experimento da Meta e não recebeu a mensagem"),
      Map.entry(131000, "Erro desconhecido na Meta"),
      Map.entry(131005, "Acesso negado"),
      Map.entry(131008, "Falta um parâmetro obrigatório"),
      Map.entry(131009, "Valor de parâmetro inválido"),
      Map.entry(131016, "Serviço do WhatsApp indisponível no momento"),
      Map.entry(131021, "O destinatário é o próprio número de envio"),
      Map.entry(131026, "Mensagem não entregue: o número não tem WhatsApp, não aceitou os termos do WhatsApp ou usa uma versão antiga"),
      Map.entry(131031, "A conta de WhatsApp da empresa está bloqueada"),
      Map.entry(131042, "Problema de pagamento da conta de WhatsApp da empresa"),
      Map.entry(131045, "Número de envio sem certificado válido"),
      Map.entry(131047, "Passaram mais de 24 horas desde a última mensagem do cliente"),
      Map.entry(131048, "Limite de envio por spam: o número foi restringido pela qualidade"),
      Map.entry(131049, "A Meta não entregou para manter um bom engajamento (limite de mensagens de marketing para este cliente)"),
      Map.entry(131050, "O cliente pediu para não receber mensagens de marketing desta empresa"),
      Map.entry(131051, "Tipo de mensagem não suportado"),
      Map.entry(131052, "Erro ao baixar a mídia"),
      Map.entry(131053, "Erro ao enviar a mídia"),
      Map.entry(131056, "Muitas mensagens seguidas para o mesmo cliente"),
      Map.entry(131057, "Conta de WhatsApp em manutenção"),
      Map.entry(131064, "Limite de mensagens atingido por classificação errada do template"),
      Map.entry(132000, "Número de variáveis diferente do template"),
      Map.entry(132001, "O template não existe neste idioma ou não está aprovado"),
      Map.entry(132005, "O texto do template preenchido é longo demais"),
      Map.entry(132007, "O template viola a política de formatação"),
      Map.entry(132012, "Formato de variável diferente do template"),
      Map.entry(132015, "Template pausado pela Meta por baixa qualidade"),
      Map.entry(132016, "Template desativado pela Meta"),
      Map.entry(133010, "Número de envio não registrado no WhatsApp"),
      Map.entry(368, "Conta bloqueada temporariamente por violar políticas"),
      Map.entry(100, "Parâmetro inválido"));

  private MetaErrors() {}

  /** The meaning of the code, or a generic text naming it. */
  static String meaning(Integer code) {
    if (code == null) {
      return null;
    }
    return MEANINGS.getOrDefault(code, "Erro " + code + " do WhatsApp");
  }
}
