package io.atende.journey.batch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Batch sends from a spreadsheet ({@code atende.batches.*}).
 *
 * @param maxFileSize the largest sheet accepted
 * @param maxRows the most rows a sheet may have (beyond the header)
 * @param rateShare the share of a number's {@code messages-per-second} batch sends may take, across the cluster; the
 *     desk's and the bot's replies go first in any case (0.98: about 77 of 80 messages a second with the default
 *     {@code atende.whatsapp.send-rate-window}, see {@code io.atende.whatsapp.SendRateLimiter})
 * @param dispatchThreads sends of a batch in flight at once on a node (each waits for its slot and the Graph API's
 *     answer); 0: the number's messages per second × {@code atende.whatsapp.graph-round-trip} × 1.5
 * @param chunkTime how long one chunk job sends before the process takes the next one (well under the job lock time)
 * @param figuresSettleAfter how long after a batch finished (or was cancelled) its figures are counted once more and
 *     kept: Meta's statuses have stopped by then, and the history lists it without counting its recipients again
 * @param texts what the people who send batches read
 */
@ConfigurationProperties("atende.batches")
public record BatchProperties(
    @DefaultValue("20MB") DataSize maxFileSize,
    @DefaultValue("100000") int maxRows,
    @DefaultValue("0.98") double rateShare,
    @DefaultValue("0") int dispatchThreads,
    @DefaultValue("20s") Duration chunkTime,
    @DefaultValue("7d") Duration figuresSettleAfter,
    @DefaultValue Texts texts) {

  public BatchProperties {
    if (rateShare <= 0 || rateShare > 1) {
      throw new IllegalArgumentException("atende.batches.rate-share must be in (0, 1]");
    }
    if (figuresSettleAfter.isNegative()) {
      throw new IllegalArgumentException("atende.batches.figures-settle-after must not be negative");
    }
    if (dispatchThreads < 0) {
      throw new IllegalArgumentException("atende.batches.dispatch-threads must be 0 (sized from the number's rate) or more");
    }
  }

  /** The texts of the row check and of the whole-file errors; {@code {...}} are filled in. */
  public record Texts(
      @DefaultValue("Telefone") String phoneColumn,
      @DefaultValue("Nome") String nameColumn,
      @DefaultValue("Informe o telefone.") String phoneMissing,
      @DefaultValue("Telefone inválido: {reason}") String phoneInvalid,
      @DefaultValue("Telefone repetido: já está na linha {row}.") String phoneRepeated,
      @DefaultValue("Falta a variável {variable}.") String variableMissing,
      @DefaultValue("O nome tem mais de 256 caracteres.") String nameTooLong,
      @DefaultValue("Envie uma planilha (.xlsx ou .csv).") String fileMissing,
      @DefaultValue("A planilha passa de {max}.") String fileTooLarge,
      @DefaultValue("O arquivo não é uma planilha .xlsx ou .csv.") String notASheet,
      @DefaultValue("A planilha está protegida por senha (ou é do Excel antigo, .xls): salve-a sem senha como .xlsx ou .csv.")
      String protectedSheet,
      @DefaultValue("A planilha está vazia: falta o cabeçalho.") String noHeader,
      @DefaultValue("A planilha não tem nenhuma linha para enviar.") String noRows,
      @DefaultValue("A planilha tem mais de {max} linhas.") String tooManyRows,
      @DefaultValue("As colunas não são as do modelo. Esperado: {expected}. Encontrado: {found}.") String wrongColumns,
      @DefaultValue("Nenhuma linha pode ser enviada: corrija as linhas indicadas.") String noGoodRows,
      @DefaultValue("Dê um título ao relatório do envio.") String titleMissing,
      @DefaultValue("O título tem mais de 200 caracteres.") String titleTooLong,
      @DefaultValue("O número de origem {number} não está habilitado para você.") String numberNotEnabled,
      @DefaultValue("Templates com cabeçalho de mídia não podem ser enviados em lote.") String mediaHeader,
      @DefaultValue("Você não tem nenhum número de WhatsApp habilitado para envios em lote.") String notAllowed) {}

  static String fill(String text, String key, Object value) {
    return text.replace("{" + key + "}", String.valueOf(value));
  }
}
