package io.atende.limits;

/**
 * Meta's messaging limit tiers for a business portfolio (since October 2025): unique customers reached by
 * business-initiated templates in a rolling 24 hours, shared by all the portfolio's numbers.
 */
public enum Tier {
  TIER_250(250),
  TIER_2K(2_000),
  TIER_10K(10_000),
  TIER_100K(100_000),
  UNLIMITED(-1);

  private final long limit;

  Tier(long limit) {
    this.limit = limit;
  }

  /** The number of unique customers, or -1 for unlimited. */
  public long limit() {
    return limit;
  }
}
