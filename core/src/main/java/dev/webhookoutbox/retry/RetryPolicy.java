package dev.webhookoutbox.retry;

import dev.webhookoutbox.spi.AttemptResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * Decides after each attempt whether a delivery is done, retried later, or failed for good.
 *
 * <p>Classification: 2xx delivered; 408, 429 and 5xx retryable; every other status permanent
 * (including 3xx, since redirects are not followed); network errors and timeouts retryable; a URL
 * refused by policy permanent. {@link #retryableStatus} changes which statuses are retried, except
 * that {@code 410 Gone} is always permanent: the receiver said the webhook no longer exists.
 *
 * <p>Backoff: attempt {@code n} (1-based) that failed retryably is retried after {@code
 * initialDelay × multiplier^(n-1)}, capped at {@code maxDelay}, or after the {@code n}-th entry of
 * an explicit {@link Builder#delays schedule}; either is spread by ±{@code jitter} so that
 * receivers coming back up are not hit by a synchronised wave. A receiver's {@code Retry-After}
 * replaces the computed delay when it is longer, capped at {@code maxRetryAfter}. The delivery
 * fails once {@code maxAttempts} attempts were made or the next attempt would come later than
 * {@code maxAge} after enqueue (or after its last replay).
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
  private final List<Duration> schedule;

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
    this.schedule = b.schedule;
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
    b.schedule = base.schedule;
    return b;
  }

  /** HTTP 410 Gone: the receiver says the webhook is gone for good; never retried. */
  public static final int GONE = 410;

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
    if (result.statusCode() != null && result.statusCode() == GONE) {
      return RetryDecision.failed("permanent: HTTP 410 Gone, the receiver asked to stop");
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
    double nominal = nominalDelayAfter(attemptNumber).toMillis();
    // Decisions are made on the HTTP client's threads: the default random source must be theirs.
    RandomGenerator source = random != null ? random : ThreadLocalRandom.current();
    double spread = jitter == 0 ? 1.0 : 1.0 + jitter * (2 * source.nextDouble() - 1);
    long millis = Math.max(0, Math.round(nominal * spread));
    if (retryAfter != null && !retryAfter.isNegative()) {
      long honoured = Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis());
      millis = Math.max(millis, honoured);
    }
    return Duration.ofMillis(millis);
  }

  /** The delay after attempt {@code attemptNumber} before jitter and {@code Retry-After}. */
  private Duration nominalDelayAfter(int attemptNumber) {
    if (schedule != null) {
      return schedule.get(Math.min(attemptNumber, schedule.size()) - 1);
    }
    double base = initialDelay.toMillis() * Math.pow(multiplier, attemptNumber - 1.0);
    return Duration.ofMillis(Math.round(Math.min(base, maxDelay.toMillis())));
  }

  /**
   * The delays between attempts when every attempt fails at once with a retryable error, before
   * jitter: what the documentation of a schedule shows. The list has {@code maxAttempts - 1}
   * entries, fewer if {@code maxAge} cuts the schedule short.
   */
  public List<Duration> nominalDelays() {
    List<Duration> delays = new ArrayList<>();
    Duration elapsed = Duration.ZERO;
    for (int attempt = 1; attempt < maxAttempts; attempt++) {
      Duration delay = nominalDelayAfter(attempt);
      elapsed = elapsed.plus(delay);
      if (elapsed.compareTo(maxAge) > 0) {
        break;
      }
      delays.add(delay);
    }
    return List.copyOf(delays);
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  public double jitter() {
    return jitter;
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
        + (schedule == null ? "" : ", schedule=" + schedule)
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
    private RandomGenerator random;
    private List<Duration> schedule;

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

    /**
     * Which non-2xx statuses are worth retrying; default 408, 429 and 5xx. {@code 410 Gone} is
     * permanent whatever this says.
     */
    public Builder retryableStatus(IntPredicate retryableStatus) {
      this.retryableStatus = Objects.requireNonNull(retryableStatus, "retryableStatus");
      return this;
    }

    /** Retries every failed response but {@code 410 Gone}, e.g. 400, 401 and 404 too. */
    public Builder retryAnyStatus() {
      return retryableStatus(status -> true);
    }

    /**
     * An explicit schedule instead of exponential backoff: the {@code n}-th delay is the wait after
     * attempt {@code n}, and {@code maxAttempts} becomes the number of delays plus one. {@code
     * initialDelay}, {@code multiplier} and {@code maxDelay} are then unused.
     *
     * <pre>{@code
     * RetryPolicy.builder().delays(Duration.ofSeconds(5), Duration.ofMinutes(5)).build();
     * }</pre>
     */
    public Builder delays(Duration... delays) {
      if (delays.length == 0) {
        throw new IllegalArgumentException("delays needs at least one delay; use maxAttempts(1)");
      }
      List<Duration> list = List.of(delays);
      list.forEach(d -> requireNonNegative(d, "delay"));
      this.schedule = list;
      this.maxAttempts = list.size() + 1;
      return this;
    }

    /**
     * The jitter's random source; inject a seeded one for reproducible schedules in tests. By
     * default each thread uses its {@link ThreadLocalRandom}.
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public RetryPolicy build() {
      if (schedule == null && maxDelay.compareTo(initialDelay) < 0) {
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
