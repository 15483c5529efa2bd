package dev.webhookoutbox.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.retry.RetryDecision.Verdict;
import dev.webhookoutbox.spi.AttemptError;
import dev.webhookoutbox.spi.AttemptResult;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final RetryPolicy noJitter =
      RetryPolicy.builder()
          .maxAttempts(5)
          .initialDelay(Duration.ofSeconds(10))
          .multiplier(2)
          .maxDelay(Duration.ofSeconds(60))
          .jitter(0)
          .build();

  @ParameterizedTest
  @ValueSource(ints = {200, 201, 204, 299})
  void twoHundredsAreDelivered(int status) {
    assertThat(noJitter.decide(1, T0, response(status, null), T0).verdict())
        .isEqualTo(Verdict.DELIVERED);
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504, 599})
  void transientStatusesAreRetried(int status) {
    assertThat(noJitter.decide(1, T0, response(status, null), T0).verdict())
        .isEqualTo(Verdict.RETRY);
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 400, 401, 403, 404, 410, 422})
  void otherStatusesArePermanent(int status) {
    RetryDecision decision = noJitter.decide(1, T0, response(status, null), T0);
    assertThat(decision.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(decision.reason()).contains("permanent").contains("HTTP " + status);
  }

  @Test
  void networkErrorsAreRetriedButRefusedUrlsAreNot() {
    for (AttemptError error : AttemptError.values()) {
      Verdict verdict = noJitter.decide(1, T0, failure(error), T0).verdict();
      boolean permanent = error == AttemptError.URL_REFUSED || error == AttemptError.INTERNAL;
      assertThat(verdict).as(error.name()).isEqualTo(permanent ? Verdict.FAILED : Verdict.RETRY);
    }
  }

  @Test
  void delaysGrowExponentiallyUpToTheCap() {
    assertThat(delays(noJitter, 4)).containsExactly(10L, 20L, 40L, 60L);
  }

  @Test
  void lastAllowedAttemptFails() {
    RetryDecision decision = noJitter.decide(5, T0, response(503, null), T0);
    assertThat(decision.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(decision.reason()).isEqualTo("gave up after 5 attempts, last: HTTP 503");
  }

  @Test
  void maxAgeStopsRetriesThatWouldComeTooLate() {
    RetryPolicy policy = RetryPolicy.from(noJitter).maxAge(Duration.ofSeconds(25)).build();
    assertThat(policy.decide(1, T0, response(503, null), T0.plusSeconds(5)).verdict())
        .isEqualTo(Verdict.RETRY);
    assertThat(policy.decide(2, T0, response(503, null), T0.plusSeconds(15)).verdict())
        .isEqualTo(Verdict.FAILED);
  }

  @Test
  void retryAfterIsHonouredWhenLongerAndCapped() {
    RetryPolicy policy = RetryPolicy.from(noJitter).maxRetryAfter(Duration.ofMinutes(5)).build();
    assertThat(policy.decide(1, T0, response(429, Duration.ofSeconds(90)), T0).nextAttemptAt())
        .isEqualTo(T0.plusSeconds(90));
    assertThat(policy.decide(1, T0, response(429, Duration.ofSeconds(1)), T0).nextAttemptAt())
        .isEqualTo(T0.plusSeconds(10));
    assertThat(policy.decide(1, T0, response(503, Duration.ofDays(2)), T0).nextAttemptAt())
        .isEqualTo(T0.plus(Duration.ofMinutes(5)));
  }

  @Test
  void jitterSpreadsDelaysWithinItsBounds() {
    RetryPolicy jittered =
        RetryPolicy.from(noJitter)
            .jitter(0.5)
            .random(RandomGenerator.of("L64X128MixRandom"))
            .build();
    for (int i = 0; i < 1000; i++) {
      Duration delay = jittered.delayAfter(1, null);
      assertThat(delay).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(15));
    }
  }

  @Test
  void goneIsPermanentEvenWhenEveryStatusIsRetryable() {
    RetryPolicy any = RetryPolicy.from(noJitter).retryAnyStatus().build();
    assertThat(any.decide(1, T0, response(404, null), T0).verdict()).isEqualTo(Verdict.RETRY);
    RetryDecision gone = any.decide(1, T0, response(410, Duration.ofSeconds(5)), T0);
    assertThat(gone.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(gone.reason()).contains("410 Gone");
  }

  @Test
  void anExplicitScheduleReplacesExponentialBackoff() {
    RetryPolicy scheduled =
        RetryPolicy.builder()
            .delays(Duration.ofSeconds(1), Duration.ofSeconds(7), Duration.ofSeconds(3))
            .jitter(0)
            .build();
    assertThat(scheduled.maxAttempts()).isEqualTo(4);
    assertThat(delays(scheduled, 3)).containsExactly(1L, 7L, 3L);
    assertThat(scheduled.nominalDelays())
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(7), Duration.ofSeconds(3));
    assertThat(scheduled.decide(4, T0, response(503, null), T0).verdict())
        .isEqualTo(Verdict.FAILED);
  }

  @Test
  void nominalDelaysStopAtMaxAge() {
    RetryPolicy policy = RetryPolicy.from(noJitter).maxAge(Duration.ofSeconds(35)).build();
    assertThat(policy.nominalDelays())
        .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20));
  }

  @Test
  void defaultJitterIsSafeToUseFromManyThreads() throws Exception {
    RetryPolicy jittered = RetryPolicy.from(noJitter).jitter(0.5).build();
    Thread[] threads = new Thread[4];
    java.util.concurrent.atomic.AtomicInteger outOfBounds =
        new java.util.concurrent.atomic.AtomicInteger();
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  Duration d = jittered.delayAfter(1, null);
                  if (d.compareTo(Duration.ofSeconds(5)) < 0
                      || d.compareTo(Duration.ofSeconds(15)) > 0) {
                    outOfBounds.incrementAndGet();
                  }
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(outOfBounds).hasValue(0);
  }

  @Test
  void builderRejectsImpossibleValues() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .initialDelay(Duration.ofHours(2))
                    .maxDelay(Duration.ofHours(1))
                    .build())
        .isInstanceOf(IllegalStateException.class);
  }

  private static long[] delays(RetryPolicy policy, int attempts) {
    long[] seconds = new long[attempts];
    for (int n = 1; n <= attempts; n++) {
      seconds[n - 1] = policy.delayAfter(n, null).toSeconds();
    }
    return seconds;
  }

  private static AttemptResult response(int status, Duration retryAfter) {
    return AttemptResult.response(T0, Duration.ofMillis(5), status, null, retryAfter);
  }

  private static AttemptResult failure(AttemptError error) {
    return AttemptResult.failure(T0, Duration.ofMillis(5), error, "x");
  }
}
