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
 * @param updatedAt when its row last changed; for a delivery in flight, when it was claimed
 * @param lastAttemptStartedAt when its latest recorded attempt started, or {@code null}
 */
public record SubjectHead(
    UUID id,
    DeliveryStatus status,
    int attemptCount,
    EventKind kind,
    Instant updatedAt,
    Instant lastAttemptStartedAt) {

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

  /**
   * When it was last sent, as well as the outbox can tell: the start of its latest attempt, or for
   * a delivery in flight its claim (the POST starts at or after it); {@code null} if never sent.
   */
  Instant lastSentAt() {
    return status == DeliveryStatus.IN_FLIGHT ? updatedAt : lastAttemptStartedAt;
  }
}
