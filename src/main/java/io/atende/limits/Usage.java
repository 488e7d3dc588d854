package io.atende.limits;

import java.time.Instant;
import java.util.List;

/**
 * Where the messaging limit stands now.
 *
 * @param used unique customers reached by business-initiated templates since {@code windowStart}
 * @param limit the limit in force; -1 when unlimited
 * @param tier the tier in force
 * @param explicitLimit whether {@code limit} was set explicitly rather than taken from the tier
 * @param windowStart the start of the rolling 24 hours (now minus 24 hours)
 * @param scope whether the numbers share the limit (PORTFOLIO) or each has it alone (NUMBER; then {@code used} is the
 *     busiest number's)
 * @param byNumber unique customers each number reached (where a customer was first counted)
 */
public record Usage(long used, long limit, Tier tier, boolean explicitLimit, Instant windowStart,
    MessagingLimitsProperties.Scope scope, List<NumberUsage> byNumber) {

  public record NumberUsage(String phoneNumberId, long used) {}

  public boolean unlimited() {
    return limit < 0;
  }
}
