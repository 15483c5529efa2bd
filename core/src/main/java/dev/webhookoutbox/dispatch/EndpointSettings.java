package dev.webhookoutbox.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * How one sick endpoint (a URL origin: scheme, host and port) is kept from hurting the others.
 *
 * @param maxInFlightPerEndpoint most concurrent attempts to one origin; further claimed deliveries
 *     to it wait in memory, in claim order, for one of its attempts to finish
 * @param busyDeferral how long a claimed delivery may wait for its busy origin; after that it is
 *     given back to the table, unsent and without spending an attempt, due again this much later
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
   * 100 in flight per origin, as many as the HTTP sender's default connections per route (more
   * would only queue inside the client): a hanging endpoint holds a tenth of the default runner
   * capacity until its circuit opens, while a fast one keeps all its connections busy from its
   * in-memory queue. 500 ms wait and deferral; the circuit opens after 20 consecutive failures, for
   * 30 s.
   */
  public static EndpointSettings defaults() {
    return new EndpointSettings(100, Duration.ofMillis(500), 20, Duration.ofSeconds(30));
  }
}
