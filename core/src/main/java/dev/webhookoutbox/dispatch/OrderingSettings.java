package dev.webhookoutbox.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * How the dispatch loop keeps each subject's deliveries in order (see {@code
 * docs/delivery-semantics.md}).
 *
 * @param enabled whether claimed deliveries with a subject are checked against the other deliveries
 *     of their subject before they are sent (order, stale states and the throttle window of
 *     intermediate updates); off, every claimed delivery is sent at once
 * @param recheckDelay how long a delivery held back behind an older one waits before it is checked
 *     again
 */
public record OrderingSettings(boolean enabled, Duration recheckDelay) {

  public OrderingSettings {
    Objects.requireNonNull(recheckDelay, "recheckDelay");
    if (recheckDelay.isNegative() || recheckDelay.isZero()) {
      throw new IllegalArgumentException("recheckDelay must be positive, was " + recheckDelay);
    }
  }

  /** Ordering on, held-back deliveries checked again after 100 ms. */
  public static OrderingSettings defaults() {
    return new OrderingSettings(true, Duration.ofMillis(100));
  }

  /** No ordering checks: at-least-once delivery in claim order, possibly out of order. */
  public static OrderingSettings disabled() {
    return new OrderingSettings(false, Duration.ofMillis(100));
  }
}
