package dev.webhookoutbox.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SettableClockTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void standsStillUntilSetOrAdvanced() {
    SettableClock clock = new SettableClock(T0);
    assertThat(clock.instant()).isEqualTo(T0);
    assertThat(clock.millis()).isEqualTo(T0.toEpochMilli());

    clock.advance(Duration.ofDays(5));
    assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofDays(5)));
    clock.set(T0.minusSeconds(1));
    assertThat(clock.instant()).isEqualTo(T0.minusSeconds(1));
  }

  @Test
  void aViewInAnotherZoneMovesWithIt() {
    SettableClock clock = new SettableClock(T0);
    ZoneId newYork = ZoneId.of("America/New_York");
    Clock view = clock.withZone(newYork);

    clock.advance(Duration.ofHours(1));

    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
    assertThat(view.getZone()).isEqualTo(newYork);
    assertThat(view.instant()).isEqualTo(T0.plus(Duration.ofHours(1)));
  }
}
