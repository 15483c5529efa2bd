package dev.webhookoutbox.retry;

import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link RetryPolicy} decided after one attempt.
 *
 * @param verdict deliver, retry or fail
 * @param nextAttemptAt when to retry; only set for {@link Verdict#RETRY}
 * @param reason a short human-readable reason, stored in {@code last_error}
 */
public record RetryDecision(Verdict verdict, Instant nextAttemptAt, String reason) {

  /** The three possible verdicts. */
  public enum Verdict {
    DELIVERED,
    RETRY,
    FAILED
  }

  public RetryDecision {
    Objects.requireNonNull(verdict, "verdict");
    if ((verdict == Verdict.RETRY) != (nextAttemptAt != null)) {
      throw new IllegalArgumentException("nextAttemptAt is required exactly for RETRY");
    }
  }

  static RetryDecision delivered() {
    return new RetryDecision(Verdict.DELIVERED, null, null);
  }

  static RetryDecision retryAt(Instant at, String reason) {
    return new RetryDecision(Verdict.RETRY, at, reason);
  }

  static RetryDecision failed(String reason) {
    return new RetryDecision(Verdict.FAILED, null, reason);
  }
}
