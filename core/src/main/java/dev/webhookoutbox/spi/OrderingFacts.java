package dev.webhookoutbox.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a claimed delivery's subject looks like at claim time: the other deliveries of the same
 * subject to the same URL, older or newer by enqueue time. The dispatch loop decides from these
 * whether to send, hold back or supersede the delivery.
 *
 * @param deliveryId the claimed delivery
 * @param strictOrder whether the delivery was enqueued with strict ordering
 * @param newerDeliveredId a newer delivery of the subject that was already delivered, or {@code
 *     null}
 * @param olderInFlight whether an older delivery of the subject is in flight (with any runner)
 * @param olderFirstAttemptDueAt the earliest due time of older pending deliveries that were never
 *     attempted, or {@code null}
 * @param olderPendingDueAt the earliest due time of all older pending deliveries, or {@code null}
 * @param newerIntermediateInFlightId for an intermediate delivery: a newer intermediate delivery of
 *     the subject that is in flight (with any runner), or {@code null}
 * @param lastIntermediateAttemptAt for an intermediate delivery: when the latest attempt of any
 *     intermediate delivery of the subject (this one included) started, as recorded, or {@code
 *     null} if none was recorded
 */
public record OrderingFacts(
    UUID deliveryId,
    boolean strictOrder,
    UUID newerDeliveredId,
    boolean olderInFlight,
    Instant olderFirstAttemptDueAt,
    Instant olderPendingDueAt,
    UUID newerIntermediateInFlightId,
    Instant lastIntermediateAttemptAt) {

  public OrderingFacts {
    Objects.requireNonNull(deliveryId, "deliveryId");
  }
}
