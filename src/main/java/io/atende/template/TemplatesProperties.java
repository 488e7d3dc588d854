package io.atende.template;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Message templates ({@code atende.templates.*}). The account they belong to is {@code
 * atende.whatsapp.business-account-id}.
 *
 * @param syncOnStart whether the registry is synced from the Cloud API when the service starts
 * @param texts what agents and administrators read when a template cannot be sent (Brazilian Portuguese)
 */
@ConfigurationProperties("atende.templates")
public record TemplatesProperties(@DefaultValue("true") boolean syncOnStart, @DefaultValue Texts texts) {

  /**
   * The messages of {@link TemplateProblemException}; {@code {template}}, {@code {language}}, {@code {variable}},
   * {@code {status}}, {@code {length}}, {@code {max}}, {@code {expected}}, {@code {languages}} and {@code {media}} are
   * filled in.
   *
   * @param statusLabels Meta's statuses as people read them (APPROVED: aprovado...); defaults for the ones not set
   */
  public record Texts(
      @DefaultValue("O modelo {template} não existe.") String unknownTemplate,
      @DefaultValue("O modelo {template} não existe no idioma {language}; idiomas disponíveis: {languages}.")
      String languageNotAvailable,
      @DefaultValue("O modelo {template} ({language}) não pode ser enviado: está {status}.") String notApproved,
      @DefaultValue("Falta a variável {variable} do modelo {template}.") String missingVariable,
      @DefaultValue("O modelo {template} tem {expected} variáveis; a variável {variable} está sobrando.")
      String extraVariable,
      @DefaultValue("A variável {variable} do modelo {template} está vazia.") String emptyVariable,
      @DefaultValue("A variável {variable} não pode ter quebras de linha, tabulações nem mais de 4 espaços seguidos.")
      String invalidVariable,
      @DefaultValue("A variável {variable} tem {length} caracteres; o máximo é {max}.") String variableTooLong,
      @DefaultValue("O texto do modelo {template} preenchido tem {length} caracteres; o WhatsApp aceita até {max}.")
      String textTooLong,
      @DefaultValue("O modelo {template} usa variáveis em ordem ({{1}}, {{2}}...): envie uma lista de valores.")
      String positionalExpected,
      @DefaultValue("O cabeçalho do modelo {template} é {media}: envie a mídia do cabeçalho.") String headerMediaMissing,
      @DefaultValue("O cabeçalho do modelo {template} é {media}; a mídia enviada é de outro tipo.") String headerMediaWrong,
      @DefaultValue("O modelo {template} não tem cabeçalho de mídia; não envie mídia para ele.")
      String headerMediaUnexpected,
      @DefaultValue("O modelo {template} tem cabeçalho de localização, que o Atende ainda não envia.")
      String headerNotSupported,
      @DefaultValue("{{{key}}} do cabeçalho") String headerVariable,
      @DefaultValue("{{{key}}} do corpo") String bodyVariable,
      @DefaultValue("{{1}} do botão {button}") String buttonVariable,
      Map<String, String> statusLabels) {

    static final Map<String, String> STATUS_LABELS = Map.of(
        "APPROVED", "aprovado",
        "PENDING", "em análise",
        "REJECTED", "rejeitado",
        "PAUSED", "pausado",
        "DISABLED", "desativado",
        "IN_APPEAL", "em recurso",
        "PENDING_DELETION", "sendo excluído",
        "LIMIT_EXCEEDED", "acima do limite de modelos",
        "ARCHIVED", "arquivado");

    public Texts {
      Map<String, String> labels = new HashMap<>(STATUS_LABELS);
      if (statusLabels != null) {
        labels.putAll(statusLabels);
      }
      statusLabels = Map.copyOf(labels);
    }

    /** Meta's status as people read it; the status itself when no label is known. */
    public String statusLabel(String status) {
      return statusLabels.getOrDefault(status, status);
    }
  }
}
