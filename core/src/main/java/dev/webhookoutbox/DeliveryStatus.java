package dev.webhookoutbox;

/**
 * The life cycle of one delivery, as stored in {@code webhook_delivery.status}.
 *
 * <pre>
 * PENDING ──claim──▶ IN_FLIGHT ──2xx──▶ DELIVERED
 *    ▲                   │
 *    ├──retryable error──┤
 *    │                   ├──permanent error or attempts exhausted──▶ FAILED
 *    └──older delivery   │
 *       of the subject ──┴──a newer state of the subject was delivered──▶ SUPERSEDED
 *       still on its way
 * </pre>
 */
public enum DeliveryStatus {
  /** Waiting for its {@code next_attempt_at}. */
  PENDING,
  /** Claimed by a runner ({@code lease_owner}) until {@code lease_until}. */
  IN_FLIGHT,
  /** The receiver answered 2xx. Final. */
  DELIVERED,
  /** Failed for good: a permanent error, or retries exhausted. Final unless replayed. */
  FAILED,
  /**
   * Not sent because a newer state of the same subject had already been delivered to the same URL;
   * {@code last_error} says which. Final unless replayed.
   */
  SUPERSEDED;

  /** Whether no further attempt will be made without an explicit replay. */
  public boolean isFinal() {
    return this == DELIVERED || this == FAILED || this == SUPERSEDED;
  }
}
