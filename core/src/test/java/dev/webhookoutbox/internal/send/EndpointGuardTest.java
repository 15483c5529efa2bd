package dev.webhookoutbox.internal.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.spi.AttemptError;
import dev.webhookoutbox.spi.AttemptResult;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EndpointGuardTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ORIGIN = "https://hooks.example.com";

  private final EndpointGuard guard =
      new EndpointGuard(
          new EndpointGuard.Limits(2, Duration.ofMillis(500), 3, Duration.ofSeconds(30)));

  @Test
  void originIsSchemeHostAndPortInLowerCase() {
    assertThat(EndpointGuard.originOf("HTTPS://Hooks.Example.com:8443/a/b?c=d"))
        .isEqualTo("https://hooks.example.com:8443");
    assertThat(EndpointGuard.originOf("http://h?x=1")).isEqualTo("http://h");
    assertThat(EndpointGuard.originOf("http://h")).isEqualTo("http://h");
  }

  @Test
  void anOriginAtItsLimitIsPostponedWhileOthersProceed() {
    assertThat(guard.admit(ORIGIN, T0).send()).isTrue();
    assertThat(guard.admit(ORIGIN, T0).send()).isTrue();
    EndpointGuard.Admission third = guard.admit(ORIGIN, T0);
    assertThat(third.send()).isFalse();
    assertThat(third.postponeUntil()).isEqualTo(T0.plusMillis(500));
    assertThat(guard.admit("https://other.example.com", T0).send()).isTrue();

    guard.completed(ORIGIN, ok(), T0);
    assertThat(guard.admit(ORIGIN, T0).send()).isTrue();
  }

  @Test
  void consecutiveFailuresOpenTheCircuitAndOneProbeClosesIt() {
    for (int i = 0; i < 3; i++) {
      guard.admit(ORIGIN, T0);
      guard.completed(ORIGIN, failure(), T0);
    }
    assertThat(guard.isOpen(ORIGIN, T0)).isTrue();
    EndpointGuard.Admission whileOpen = guard.admit(ORIGIN, T0.plusSeconds(10));
    assertThat(whileOpen.send()).isFalse();
    assertThat(whileOpen.postponeUntil()).isEqualTo(T0.plusSeconds(30));

    Instant later = T0.plusSeconds(31);
    assertThat(guard.admit(ORIGIN, later).send()).as("the probe").isTrue();
    assertThat(guard.admit(ORIGIN, later).send()).as("only one probe at a time").isFalse();
    guard.completed(ORIGIN, ok(), later);
    assertThat(guard.isOpen(ORIGIN, later)).isFalse();
    assertThat(guard.admit(ORIGIN, later).send()).isTrue();
  }

  @Test
  void aFailedProbeReopensTheCircuit() {
    for (int i = 0; i < 3; i++) {
      guard.admit(ORIGIN, T0);
      guard.completed(ORIGIN, failure(), T0);
    }
    Instant later = T0.plusSeconds(31);
    assertThat(guard.admit(ORIGIN, later).send()).isTrue();
    guard.completed(ORIGIN, AttemptResult.response(later, Duration.ZERO, 503, null, null), later);
    assertThat(guard.isOpen(ORIGIN, later.plusSeconds(29))).isTrue();
  }

  @Test
  void clientErrorsDoNotCountAgainstTheEndpoint() {
    for (int i = 0; i < 10; i++) {
      guard.admit(ORIGIN, T0);
      guard.completed(ORIGIN, AttemptResult.response(T0, Duration.ZERO, 404, null, null), T0);
    }
    assertThat(guard.isOpen(ORIGIN, T0)).isFalse();
  }

  private static AttemptResult ok() {
    return AttemptResult.response(T0, Duration.ofMillis(3), 200, null, null);
  }

  private static AttemptResult failure() {
    return AttemptResult.failure(T0, Duration.ofSeconds(5), AttemptError.TIMEOUT, "slow");
  }
}
