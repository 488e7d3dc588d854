package io.atende.limits;

import java.time.Instant;

/**
 * Where the messaging limit stands now.
 *
 * @param used unique customers reached by business-initiated templates since {@code windowStart}
 * @param limit the limit in force; -1 when unlimited
 * @param tier the tier in force
 * @param explicitLimit whether {@code limit} was set explicitly rather than taken from the tier
 * @param windowStart the start of the rolling 24 hours (now minus 24 hours)
 */
public record Usage(long used, long limit, Tier tier, boolean explicitLimit, Instant windowStart) {

  public boolean unlimited() {
    return limit < 0;
  }
}
