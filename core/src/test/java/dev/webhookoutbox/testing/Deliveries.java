package dev.webhookoutbox.testing;

import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.spi.ClaimedDelivery;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Claimed deliveries for the dispatch loop's tests. */
public final class Deliveries {

  /** The tests' "now". */
  public static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private Deliveries() {}

  /** A delivery of subject {@code prediction-42}, enqueued a minute before {@link #NOW}. */
  public static ClaimedDelivery delivery(EventKind kind, String preset, int attempts) {
    return new ClaimedDelivery(
        UUID.randomUUID(),
        "https://example.com/hooks",
        kind.name().toLowerCase(),
        "prediction-42",
        "{}",
        null,
        attempts,
        NOW.minusSeconds(60),
        Map.of(),
        kind,
        preset);
  }
}
