package dev.webhookoutbox.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * How one sick endpoint (a URL origin: scheme, host and port) is kept from hurting the others.
 *
 * @param maxInFlightPerEndpoint most concurrent attempts to one origin; further due deliveries to
 *     it are postponed by {@code busyDeferral} instead of taking the runner's capacity
 * @param busyDeferral how long a delivery is postponed when its origin is at its limit
 * @param failureThreshold consecutive failed attempts (network errors, timeouts, 429, 5xx) that
 *     open the origin's circuit
 * @param openDuration how long an open circuit postpones the origin's deliveries, without spending
 *     their attempts, before one probe is sent
 */
public record EndpointSettings(
    int maxInFlightPerEndpoint,
    Duration busyDeferral,
    int failureThreshold,
    Duration openDuration) {

  public EndpointSettings {
    if (maxInFlightPerEndpoint < 1) {
      throw new IllegalArgumentException("maxInFlightPerEndpoint must be at least 1");
    }
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be at least 1");
    }
    Objects.requireNonNull(busyDeferral, "busyDeferral");
    Objects.requireNonNull(openDuration, "openDuration");
  }

  /**
   * 500 in flight per origin, half the default runner capacity: one busy endpoint never waits on
   * the others, and a hanging one leaves the other half to them until its circuit opens. 500 ms
   * deferral; the circuit opens after 20 consecutive failures, for 30 s.
   */
  public static EndpointSettings defaults() {
    return new EndpointSettings(500, Duration.ofMillis(500), 20, Duration.ofSeconds(30));
  }
}
