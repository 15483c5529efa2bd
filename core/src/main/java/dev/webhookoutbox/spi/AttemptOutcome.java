package dev.webhookoutbox.spi;

import dev.webhookoutbox.DeliveryStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An attempt together with what it decided for its delivery, written by {@link
 * OutboxStore#recordOutcomes} as one attempt row and one status update.
 *
 * @param deliveryId the delivery
 * @param attemptNumber the attempt's number, starting at 1
 * @param result what the POST produced
 * @param newStatus {@code DELIVERED}, {@code FAILED}, or {@code PENDING} for a retry
 * @param nextAttemptAt when a retry is due; {@code null} unless {@code newStatus} is {@code
 *     PENDING}
 * @param reason why the delivery ended up in {@code newStatus}, for {@code last_error}
 */
public record AttemptOutcome(
    UUID deliveryId,
    int attemptNumber,
    AttemptResult result,
    DeliveryStatus newStatus,
    Instant nextAttemptAt,
    String reason) {

  public AttemptOutcome {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(newStatus, "newStatus");
    if (newStatus == DeliveryStatus.IN_FLIGHT || newStatus == DeliveryStatus.SUPERSEDED) {
      throw new IllegalArgumentException("an attempt cannot leave a delivery " + newStatus);
    }
    if ((newStatus == DeliveryStatus.PENDING) != (nextAttemptAt != null)) {
      throw new IllegalArgumentException("nextAttemptAt is required exactly when retrying");
    }
  }
}
