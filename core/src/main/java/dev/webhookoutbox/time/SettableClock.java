package dev.webhookoutbox.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until it is set or advanced: a test helper, shipped in the main
 * jar (as db-scheduler ships its {@code SettableClock}) so that tests of code built on this library
 * can drive everything that takes a clock (the outbox, the runner, the maintenance) through days of
 * retries and disabled endpoints in milliseconds. Not for production use.
 *
 * <pre>{@code
 * SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
 * WebhookRunner runner = WebhookRunner.builder(dataSource).clock(clock).build();
 * clock.advance(Duration.ofDays(5)); // the runner's next look sees five days gone
 * }</pre>
 *
 * <p>Thread-safe: readers on any thread see the latest setting. Its zone is UTC; {@link #withZone}
 * gives a view in another zone that moves with this clock.
 */
public final class SettableClock extends Clock {

  private final AtomicReference<Instant> now;

  public SettableClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
  }

  /** Moves the clock to {@code instant}, backwards too. */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  /** Moves the clock on by {@code duration} (back, if negative). */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    now.updateAndGet(instant -> instant.plus(duration));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    return zone.equals(ZoneOffset.UTC) ? this : new Zoned(this, zone);
  }

  @Override
  public String toString() {
    return "SettableClock[" + now.get() + "]";
  }

  /** This clock's time in another zone. */
  private static final class Zoned extends Clock {
    private final SettableClock source;
    private final ZoneId zone;

    Zoned(SettableClock source, ZoneId zone) {
      this.source = source;
      this.zone = zone;
    }

    @Override
    public Instant instant() {
      return source.instant();
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
      return source.withZone(other);
    }
  }
}
