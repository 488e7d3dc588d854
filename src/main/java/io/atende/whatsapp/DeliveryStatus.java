package io.atende.whatsapp;

/**
 * Where an outbound message stands. The rank orders the states so that a late notification never
 * moves a message backwards: a message that was read stays read when a delayed "delivered" arrives.
 */
public enum DeliveryStatus {
  /** Recorded by us, not yet accepted by the Cloud API. */
  PENDING(0),
  /** The Cloud API answered with a message id. */
  ACCEPTED(1),
  SENT(2),
  DELIVERED(3),
  READ(4),
  PLAYED(5),
  /** Failed before or after leaving; keeps its error code and reason. */
  FAILED(2);

  private final int rank;

  DeliveryStatus(int rank) {
    this.rank = rank;
  }

  /** The state named by a status webhook, or null for one we do not track. */
  public static DeliveryStatus ofApi(String status) {
    if (status == null) {
      return null;
    }
    try {
      return valueOf(status.toUpperCase());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Whether a message in this state may move to {@code next}. */
  public boolean canMoveTo(DeliveryStatus next) {
    if (this == next) {
      return false;
    }
    if (next == FAILED) {
      return this.rank < DELIVERED.rank;
    }
    if (this == FAILED) {
      return false;
    }
    return next.rank > this.rank;
  }
}
