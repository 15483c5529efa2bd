package dev.webhookoutbox.jdbc;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code webhook_endpoint}: what the runners know about a URL origin.
 *
 * @param origin {@code scheme://host[:port]} in lower case
 * @param failingSince the first failure after the last success, or {@code null} while healthy
 * @param lastFailureAt the latest failure reported, or {@code null}
 * @param lastSuccessAt the latest success reported, or {@code null}
 * @param lastError a summary of the latest failure, e.g. {@code HTTP 503}, or {@code null}
 * @param disabledAt when it was disabled, or {@code null} while enabled
 * @param disabledReason why it was disabled, or {@code null}
 * @param updatedAt when the row last changed
 */
public record EndpointView(
    String origin,
    Instant failingSince,
    Instant lastFailureAt,
    Instant lastSuccessAt,
    String lastError,
    Instant disabledAt,
    String disabledReason,
    Instant updatedAt) {

  /** Where an endpoint stands. */
  public enum State {
    /** Its latest reported attempt delivered, or nothing failed yet. */
    HEALTHY,
    /** Failing since {@link #failingSince()}, still enabled. */
    FAILING,
    /** Its deliveries are parked until it is enabled again. */
    DISABLED
  }

  public EndpointView {
    Objects.requireNonNull(origin, "origin");
  }

  public State state() {
    if (disabledAt != null) {
      return State.DISABLED;
    }
    return failingSince != null ? State.FAILING : State.HEALTHY;
  }

  public boolean disabled() {
    return disabledAt != null;
  }
}
