package io.atende.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The messaging limit ({@code atende.messaging-limits.*}), until an administrator changes it at runtime
 * ({@code PUT /api/messaging-limits}, kept in the database, which then wins).
 *
 * @param tier the portfolio's tier (TIER_250, TIER_2K, TIER_10K, TIER_100K, UNLIMITED); default TIER_2K
 * @param limit an explicit number of unique customers per rolling 24 hours instead of the tier's (e.g. the seed's
 *     per-number 1,000); unset: the tier's
 * @param scope PORTFOLIO: one limit shared by all the business numbers (Meta since October 2025); NUMBER: each number
 *     has the limit for itself (the per-number tiers of older material)
 * @param texts what people read (Brazilian Portuguese)
 */
@ConfigurationProperties("atende.messaging-limits")
public record MessagingLimitsProperties(@DefaultValue("TIER_2K") Tier tier, Long limit,
    @DefaultValue("PORTFOLIO") Scope scope, @DefaultValue Texts texts) {

  /** Who shares a limit: the whole portfolio, or each number alone. */
  public enum Scope {
    PORTFOLIO,
    NUMBER
  }

  public MessagingLimitsProperties {
    scope = scope == null ? Scope.PORTFOLIO : scope;
    if (limit != null && limit < 0) {
      throw new IllegalArgumentException("atende.messaging-limits.limit must be 0 or more; leave it unset for the tier's");
    }
  }

  /**
   * @param refused why a business-initiated template was not sent; {@code {limit}} and {@code {used}} are filled in
   */
  public record Texts(
      @DefaultValue("Limite de mensagens atingido: {limit} clientes únicos em 24 horas. O envio de modelos a novos "
          + "clientes fora da janela de atendimento volta a ser possível quando clientes contados há 24 horas saírem da conta.")
      String refused) {}
}
