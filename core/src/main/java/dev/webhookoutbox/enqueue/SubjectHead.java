package dev.webhookoutbox.enqueue;

import dev.webhookoutbox.DeliveryStatus;
import dev.webhookoutbox.EventKind;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The newest delivery (by enqueue time) of a {@link SubjectKey}, as stored.
 *
 * @param id the delivery
 * @param status its status
 * @param attemptCount attempts made so far
 * @param kind its event kind
 * @param updatedAt when its row last changed; for a delivery that was claimed, about when it was
 *     last sent
 */
public record SubjectHead(
    UUID id, DeliveryStatus status, int attemptCount, EventKind kind, Instant updatedAt) {

  public SubjectHead {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** Whether a newer intermediate update may replace its body: queued, never attempted. */
  boolean isWaitingIntermediate() {
    return status == DeliveryStatus.PENDING && attemptCount == 0 && kind == EventKind.INTERMEDIATE;
  }
}
