package dev.webhookoutbox.retry;

import dev.webhookoutbox.spi.AttemptResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * Decides after each attempt whether a delivery is done, retried later, or failed for good.
 *
 * <p>Classification: 2xx delivered; 408, 429 and 5xx retryable; every other status permanent
 * (including 410 Gone and 3xx, since redirects are not followed); network errors and timeouts
 * retryable; a URL refused by policy permanent.
 *
 * <p>Backoff: attempt {@code n} (1-based) that failed retryably is retried after {@code
 * initialDelay × multiplier^(n-1)}, capped at {@code maxDelay}, spread by ±{@code jitter} so that
 * receivers coming back up are not hit by a synchronised wave. A receiver's {@code Retry-After}
 * replaces the computed delay when it is longer, capped at {@code maxRetryAfter}. The delivery
 * fails once {@code maxAttempts} attempts were made or the next attempt would come later than
 * {@code maxAge} after enqueue.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder()
 *     .maxAttempts(5)
 *     .initialDelay(Duration.ofSeconds(2))
 *     .multiplier(3)
 *     .build();
 * }</pre>
 *
 * Instances are immutable and thread-safe.
 */
public final class RetryPolicy {

  private final int maxAttempts;
  private final Duration initialDelay;
  private final double multiplier;
  private final Duration maxDelay;
  private final double jitter;
  private final Duration maxAge;
  private final Duration maxRetryAfter;
  private final IntPredicate retryableStatus;
  private final RandomGenerator random;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialDelay = b.initialDelay;
    this.multiplier = b.multiplier;
    this.maxDelay = b.maxDelay;
    this.jitter = b.jitter;
    this.maxAge = b.maxAge;
    this.maxRetryAfter = b.maxRetryAfter;
    this.retryableStatus = b.retryableStatus;
    this.random = b.random;
  }

  /** Defaults: 8 attempts, 10 s initial delay, ×3, at most 1 h apart, ±20 % jitter, 3 days. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset with this policy's settings, to derive a variant. */
  public static Builder from(RetryPolicy base) {
    Builder b = new Builder();
    b.maxAttempts = base.maxAttempts;
    b.initialDelay = base.initialDelay;
    b.multiplier = base.multiplier;
    b.maxDelay = base.maxDelay;
    b.jitter = base.jitter;
    b.maxAge = base.maxAge;
    b.maxRetryAfter = base.maxRetryAfter;
    b.retryableStatus = base.retryableStatus;
    b.random = base.random;
    return b;
  }

  /** The default classification of an HTTP status that is not 2xx. */
  public static boolean isRetryableStatus(int status) {
    return status == 408 || status == 429 || (status >= 500 && status <= 599);
  }

  /**
   * Decides the fate of a delivery after attempt number {@code attemptNumber}.
   *
   * @param attemptNumber the attempt just made, starting at 1
   * @param enqueuedAt when the delivery was created (for {@code maxAge})
   * @param result what the attempt produced
   * @param now the current time
   */
  public RetryDecision decide(
      int attemptNumber, Instant enqueuedAt, AttemptResult result, Instant now) {
    if (result.isSuccess()) {
      return RetryDecision.delivered();
    }
    if (!isRetryable(result)) {
      return RetryDecision.failed("permanent: " + result.describe());
    }
    if (attemptNumber >= maxAttempts) {
      return RetryDecision.failed(
          "gave up after " + attemptNumber + " attempts, last: " + result.describe());
    }
    Instant next = now.plus(delayAfter(attemptNumber, result.retryAfter()));
    if (next.isAfter(enqueuedAt.plus(maxAge))) {
      return RetryDecision.failed(
          "gave up: next attempt would exceed max age " + maxAge + ", last: " + result.describe());
    }
    return RetryDecision.retryAt(next, result.describe());
  }

  private boolean isRetryable(AttemptResult result) {
    if (result.statusCode() != null) {
      return retryableStatus.test(result.statusCode());
    }
    return result.error().isTransient();
  }

  /** The delay before the attempt after {@code attemptNumber}, jitter and Retry-After included. */
  Duration delayAfter(int attemptNumber, Duration retryAfter) {
    double base = initialDelay.toMillis() * Math.pow(multiplier, attemptNumber - 1.0);
    double capped = Math.min(base, maxDelay.toMillis());
    double spread = jitter == 0 ? 1.0 : 1.0 + jitter * (2 * random.nextDouble() - 1);
    long millis = Math.max(0, Math.round(capped * spread));
    if (retryAfter != null && !retryAfter.isNegative()) {
      long honoured = Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis());
      millis = Math.max(millis, honoured);
    }
    return Duration.ofMillis(millis);
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration maxAge() {
    return maxAge;
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts="
        + maxAttempts
        + ", initialDelay="
        + initialDelay
        + ", multiplier="
        + multiplier
        + ", maxDelay="
        + maxDelay
        + ", jitter="
        + jitter
        + ", maxAge="
        + maxAge
        + "]";
  }

  /** Builds a {@link RetryPolicy}; setters reject impossible values at once. */
  public static final class Builder {
    private int maxAttempts = 8;
    private Duration initialDelay = Duration.ofSeconds(10);
    private double multiplier = 3.0;
    private Duration maxDelay = Duration.ofHours(1);
    private double jitter = 0.2;
    private Duration maxAge = Duration.ofDays(3);
    private Duration maxRetryAfter = Duration.ofHours(1);
    private IntPredicate retryableStatus = RetryPolicy::isRetryableStatus;
    private RandomGenerator random = RandomGenerator.getDefault();

    private Builder() {}

    /** Total attempts including the first; 1 means never retry. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = requireNonNegative(initialDelay, "initialDelay");
      return this;
    }

    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1.0)) {
        throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = requireNonNegative(maxDelay, "maxDelay");
      return this;
    }

    /** Relative spread of each delay, from 0 (none) to 1 (anywhere between 0 and twice). */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /** No attempt is scheduled later than this after enqueue. */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = requireNonNegative(maxAge, "maxAge");
      return this;
    }

    /** The longest {@code Retry-After} that is honoured; longer values are cut to this. */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = requireNonNegative(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    /** Which non-2xx statuses are worth retrying; default 408, 429 and 5xx. */
    public Builder retryableStatus(IntPredicate retryableStatus) {
      this.retryableStatus = Objects.requireNonNull(retryableStatus, "retryableStatus");
      return this;
    }

    /** The jitter's random source; inject a seeded one for reproducible schedules in tests. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public RetryPolicy build() {
      if (maxDelay.compareTo(initialDelay) < 0) {
        throw new IllegalStateException(
            "maxDelay ("
                + maxDelay
                + ") must not be shorter than initialDelay ("
                + initialDelay
                + ")");
      }
      return new RetryPolicy(this);
    }

    private static Duration requireNonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + d);
      }
      return d;
    }
  }
}
