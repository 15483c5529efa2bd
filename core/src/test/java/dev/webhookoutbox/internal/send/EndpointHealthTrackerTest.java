package dev.webhookoutbox.internal.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.spi.AttemptError;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.EndpointHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointHealthTrackerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ORIGIN = "https://hooks.example.com";

  private final EndpointHealthTracker tracker = new EndpointHealthTracker(Duration.ofMinutes(5));

  @Test
  void reportsChangesOnlyAndRepeatsAnUnchangedStateOncePerInterval() {
    assertThat(tracker.observe(ORIGIN, ok(), T0))
        .isEqualTo(new EndpointHealth(ORIGIN, true, T0, null));
    for (int i = 1; i < 1000; i++) {
      assertThat(tracker.observe(ORIGIN, ok(), T0.plusMillis(i))).isNull();
    }
    Instant failedAt = T0.plusSeconds(10);
    assertThat(tracker.observe(ORIGIN, status(503), failedAt))
        .isEqualTo(new EndpointHealth(ORIGIN, false, failedAt, "HTTP 503"));
    assertThat(tracker.observe(ORIGIN, timeout(), failedAt.plusSeconds(299))).isNull();
    Instant repeatAt = failedAt.plusSeconds(300);
    assertThat(tracker.observe(ORIGIN, timeout(), repeatAt))
        .isEqualTo(new EndpointHealth(ORIGIN, false, repeatAt, "TIMEOUT: slow"));
    assertThat(tracker.observe(ORIGIN, ok(), repeatAt.plusMillis(1))).isNotNull();
  }

  @Test
  void anyAnswerButTwoHundredCountsAsAFailureAndOriginsAreTrackedApart() {
    assertThat(tracker.observe(ORIGIN, status(404), T0).healthy()).isFalse();
    assertThat(tracker.observe("https://other.example.com", ok(), T0).healthy()).isTrue();
    assertThat(tracker.observe(ORIGIN, status(404), T0.plusSeconds(1))).isNull();
  }

  @Test
  void aReportThatCouldNotBeWrittenIsMadeAgain() {
    EndpointHealth report = tracker.observe(ORIGIN, status(500), T0);
    tracker.forget(List.of(report));
    assertThat(tracker.observe(ORIGIN, status(500), T0.plusSeconds(1))).isNotNull();
  }

  @Test
  void disabledOriginsAreTheLastSetRead() {
    assertThat(tracker.isDisabled(ORIGIN)).isFalse();
    tracker.disabled(Set.of(ORIGIN));
    assertThat(tracker.isDisabled(ORIGIN)).isTrue();
    assertThat(tracker.isDisabled("https://other.example.com")).isFalse();
    tracker.disabled(Set.of());
    assertThat(tracker.isDisabled(ORIGIN)).isFalse();
  }

  private static AttemptResult ok() {
    return status(200);
  }

  private static AttemptResult status(int code) {
    return AttemptResult.response(T0, Duration.ofMillis(3), code, null, null);
  }

  private static AttemptResult timeout() {
    return AttemptResult.failure(T0, Duration.ofSeconds(5), AttemptError.TIMEOUT, "slow");
  }
}
