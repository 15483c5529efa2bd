package dev.webhookoutbox.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.retry.RetryDecision.Verdict;
import dev.webhookoutbox.spi.AttemptError;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.testing.FixedRandom;
import dev.webhookoutbox.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Each built-in preset produces the schedule its documentation states. A simulated delivery fails
 * every attempt at once; an injected clock is moved to each retry's due time, as a runner would
 * claim it then, and the attempt times are collected. Nothing sleeps.
 */
class RetryPresetTest {

  private static final Instant EVENT = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void defaultRetriesEightTimesOverTwoHoursOnTransientErrors() {
    assertThat(schedule(RetryPreset.DEFAULT, EventKind.TERMINAL, () -> status(503)))
        .containsExactly(
            seconds(0),
            seconds(10),
            seconds(40),
            Duration.ofMinutes(2).plusSeconds(10),
            Duration.ofMinutes(6).plusSeconds(40),
            Duration.ofMinutes(20).plusSeconds(10),
            Duration.ofHours(1).plusSeconds(40),
            Duration.ofHours(2).plusSeconds(40));
  }

  @Test
  void terminalOnlyRetriesTerminalEventsOnAnyFailureWithTheLastRetryAboutAMinuteLater() {
    for (Supplier<AttemptResult> failure :
        List.<Supplier<AttemptResult>>of(
            () -> status(503),
            () -> status(404),
            () -> status(400),
            () -> network(AttemptError.CONNECTION_REFUSED))) {
      assertThat(schedule(RetryPreset.TERMINAL_ONLY, EventKind.TERMINAL, failure))
          .containsExactly(seconds(0), seconds(5), seconds(15), seconds(30), seconds(60));
    }
  }

  @Test
  void terminalOnlyNeverRetriesIntermediateOrOtherEvents() {
    assertThat(schedule(RetryPreset.TERMINAL_ONLY, EventKind.INTERMEDIATE, () -> status(503)))
        .containsExactly(seconds(0));
    assertThat(schedule(RetryPreset.TERMINAL_ONLY, EventKind.OTHER, () -> status(429)))
        .containsExactly(seconds(0));
  }

  @Test
  void threeRetriesBacksOffExponentially() {
    assertThat(schedule(RetryPreset.THREE_RETRIES, EventKind.OTHER, () -> status(500)))
        .containsExactly(seconds(0), seconds(10), seconds(40), seconds(130));
    // 4xx stays permanent in this preset.
    assertThat(schedule(RetryPreset.THREE_RETRIES, EventKind.TERMINAL, () -> status(404)))
        .containsExactly(seconds(0));
  }

  @Test
  void dayLongSpreadsEightAttemptsOverAboutADay() {
    List<Duration> attempts =
        schedule(RetryPreset.DAY_LONG, EventKind.TERMINAL, () -> network(AttemptError.TIMEOUT));
    assertThat(attempts)
        .containsExactly(
            seconds(0),
            seconds(5),
            Duration.parse("PT5M5S"),
            Duration.parse("PT35M5S"),
            Duration.parse("PT2H35M5S"),
            Duration.parse("PT7H35M5S"),
            Duration.parse("PT15H35M5S"),
            Duration.parse("PT23H35M5S"));
  }

  @Test
  void jitterKeepsEachPresetWithinItsStatedSpread() {
    List<Duration> early =
        schedule(
            RetryPreset.TERMINAL_ONLY, EventKind.TERMINAL, () -> status(503), FixedRandom.lowest());
    List<Duration> late =
        schedule(
            RetryPreset.TERMINAL_ONLY,
            EventKind.TERMINAL,
            () -> status(503),
            FixedRandom.highest());
    // ±10 % of each delay: the last retry lands between 54 s and 66 s after the event.
    assertThat(early.get(4)).isEqualTo(seconds(54));
    assertThat(late.get(4)).isBetween(Duration.ofMillis(65_990), seconds(66));
  }

  @Test
  void goneStopsEveryPresetAtOnce() {
    for (RetryPreset preset : RetryPreset.builtIns()) {
      assertThat(schedule(preset, EventKind.TERMINAL, () -> status(410)))
          .as(preset.name())
          .containsExactly(seconds(0));
    }
  }

  @Test
  void retryAfterIsHonouredUpToThePresetsCap() {
    SettableClock clock = new SettableClock(EVENT);
    RetryPolicy policy =
        RetryPreset.TERMINAL_ONLY.withRandom(FixedRandom.midpoint()).policyFor(EventKind.TERMINAL);
    RetryDecision decision =
        policy.decide(1, EVENT, withRetryAfter(503, seconds(20)), clock.instant());
    assertThat(decision.nextAttemptAt()).isEqualTo(EVENT.plusSeconds(20));
    decision = policy.decide(1, EVENT, withRetryAfter(429, Duration.ofHours(1)), clock.instant());
    assertThat(decision.nextAttemptAt()).isEqualTo(EVENT.plusSeconds(30));
  }

  @Test
  void documentedNominalDelaysMatchTheSimulation() {
    assertThat(RetryPreset.TERMINAL_ONLY.policyFor(EventKind.TERMINAL).nominalDelays())
        .containsExactly(seconds(5), seconds(10), seconds(15), seconds(30));
    assertThat(RetryPreset.THREE_RETRIES.policyFor(EventKind.TERMINAL).nominalDelays())
        .containsExactly(seconds(10), seconds(30), seconds(90));
    assertThat(RetryPreset.TERMINAL_ONLY.policyFor(EventKind.INTERMEDIATE).nominalDelays())
        .isEmpty();
  }

  /** The attempt times, relative to the event, of a delivery whose every attempt fails. */
  static List<Duration> schedule(
      RetryPreset preset, EventKind kind, Supplier<AttemptResult> failure) {
    return schedule(preset, kind, failure, FixedRandom.midpoint());
  }

  static List<Duration> schedule(
      RetryPreset preset, EventKind kind, Supplier<AttemptResult> failure, RandomGenerator random) {
    RetryPolicy policy = preset.withRandom(random).policyFor(kind);
    SettableClock clock = new SettableClock(EVENT);
    List<Duration> attempts = new ArrayList<>();
    for (int attempt = 1; attempt <= 100; attempt++) {
      attempts.add(Duration.between(EVENT, clock.instant()));
      RetryDecision decision = policy.decide(attempt, EVENT, failure.get(), clock.instant());
      if (decision.verdict() != Verdict.RETRY) {
        assertThat(decision.verdict()).isEqualTo(Verdict.FAILED);
        return attempts;
      }
      clock.set(decision.nextAttemptAt());
    }
    throw new AssertionError("never gave up");
  }

  private static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }

  private static AttemptResult status(int code) {
    return AttemptResult.response(EVENT, Duration.ZERO, code, null, null);
  }

  private static AttemptResult withRetryAfter(int code, Duration retryAfter) {
    return AttemptResult.response(EVENT, Duration.ZERO, code, null, retryAfter);
  }

  private static AttemptResult network(AttemptError error) {
    return AttemptResult.failure(EVENT, Duration.ZERO, error, "simulated");
  }
}
