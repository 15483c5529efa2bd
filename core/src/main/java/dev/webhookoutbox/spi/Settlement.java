package dev.webhookoutbox.spi;

import dev.webhookoutbox.DeliveryStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A claimed delivery given back without an attempt: held back until {@code nextAttemptAt} ({@code
 * PENDING}), or {@code SUPERSEDED} by a newer state of its subject. No attempt row is written and
 * the attempt count does not change.
 *
 * @param deliveryId the claimed delivery
 * @param newStatus {@code PENDING} or {@code SUPERSEDED}
 * @param nextAttemptAt when a held-back delivery is due again; {@code null} when superseded
 * @param reason why it was superseded, stored in {@code last_error}; {@code null} when held back
 */
public record Settlement(
    UUID deliveryId, DeliveryStatus newStatus, Instant nextAttemptAt, String reason) {

  public Settlement {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(newStatus, "newStatus");
    if (newStatus == DeliveryStatus.PENDING) {
      Objects.requireNonNull(nextAttemptAt, "nextAttemptAt is required to hold a delivery back");
    } else if (newStatus == DeliveryStatus.SUPERSEDED) {
      Objects.requireNonNull(reason, "reason is required to supersede a delivery");
    } else {
      throw new IllegalArgumentException("a settlement is PENDING or SUPERSEDED, not " + newStatus);
    }
  }

  public static Settlement holdBack(UUID deliveryId, Instant until) {
    return new Settlement(deliveryId, DeliveryStatus.PENDING, until, null);
  }

  public static Settlement supersede(UUID deliveryId, String reason) {
    return new Settlement(deliveryId, DeliveryStatus.SUPERSEDED, null, reason);
  }
}
