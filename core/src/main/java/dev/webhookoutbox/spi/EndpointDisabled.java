package dev.webhookoutbox.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * An endpoint (URL origin) was disabled: its deliveries wait, without spending attempts, until it
 * is enabled again. Passed to an {@link EndpointListener}.
 *
 * @param origin {@code scheme://host[:port]} in lower case
 * @param failingSince the first failed attempt after its last success, or {@code null} when an
 *     admin disabled an origin that was not failing
 * @param lastFailureAt the latest failure the runners reported, or {@code null}
 * @param lastError a summary of that failure, e.g. {@code HTTP 503}, or {@code null}
 * @param disabledAt when it was disabled
 * @param reason why, e.g. {@code failing since 2026-03-01T10:00:00Z} or an admin's words
 */
public record EndpointDisabled(
    String origin,
    Instant failingSince,
    Instant lastFailureAt,
    String lastError,
    Instant disabledAt,
    String reason) {

  public EndpointDisabled {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(disabledAt, "disabledAt");
  }
}
