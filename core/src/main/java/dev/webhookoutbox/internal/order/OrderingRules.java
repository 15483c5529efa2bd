package dev.webhookoutbox.internal.order;

import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.ThrottleWindow;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.OrderingFacts;
import dev.webhookoutbox.spi.Settlement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Decides whether a claimed delivery may be sent now, given the other deliveries of its subject to
 * the same URL ({@link OrderingFacts}). "Older" and "newer" are by enqueue time.
 *
 * <ol>
 *   <li>A newer delivery was already delivered: this older state would regress the receiver, so it
 *       is superseded. Terminal events are exempt: they are never dropped.
 *   <li>An intermediate update while a newer one is in flight: superseded, latest state wins.
 *       Sending it would put two updates on the wire at once. Not under strict order.
 *   <li>An older delivery is in flight: wait, so this one cannot overtake it on the wire.
 *   <li>An intermediate update waits until one throttle window after the start of the subject's
 *       latest intermediate attempt, by any runner. Terminal events never wait for the window.
 *   <li>A terminal event waits for older deliveries that have not had their first attempt yet (e.g.
 *       the last throttled {@code output}), so it arrives after them.
 *   <li>With strict order, every delivery waits for all older pending ones, retries included.
 * </ol>
 *
 * Waiting only ever happens behind older deliveries or a finished attempt, so two deliveries never
 * wait for each other.
 */
final class OrderingRules {

  private OrderingRules() {}

  /**
   * @return {@code null} to send the delivery now, else how to give it back
   */
  static Settlement decide(
      ClaimedDelivery delivery,
      OrderingFacts facts,
      Instant now,
      Duration recheck,
      ThrottleWindow window) {
    if (facts == null) {
      return null;
    }
    boolean intermediate = delivery.eventKind() == EventKind.INTERMEDIATE;
    if (facts.newerDeliveredId() != null && delivery.eventKind() != EventKind.TERMINAL) {
      return supersede(delivery, facts.newerDeliveredId(), "was already delivered");
    }
    // Under strict order the newer update waits for this one instead (rule 6): it is only being
    // screened, never sent, while this one is due.
    if (intermediate && !facts.strictOrder() && facts.newerIntermediateInFlightId() != null) {
      return supersede(delivery, facts.newerIntermediateInFlightId(), "is in flight");
    }
    if (facts.olderInFlight()) {
      return Settlement.holdBack(delivery.id(), now.plus(recheck));
    }
    Instant waitFor =
        facts.strictOrder()
            ? facts.olderPendingDueAt()
            : delivery.eventKind() == EventKind.TERMINAL ? facts.olderFirstAttemptDueAt() : null;
    Instant holdUntil = waitFor == null ? null : later(waitFor, now).plus(recheck);
    if (intermediate && facts.lastIntermediateAttemptAt() != null) {
      // The window ends at a fixed time: no recheck delay on top of it.
      Instant windowEnd = window.endAfter(facts.lastIntermediateAttemptAt());
      if (windowEnd.isAfter(now)) {
        holdUntil = holdUntil == null ? windowEnd : later(windowEnd, holdUntil);
      }
    }
    return holdUntil == null ? null : Settlement.holdBack(delivery.id(), holdUntil);
  }

  private static Settlement supersede(ClaimedDelivery delivery, UUID newerId, String state) {
    return Settlement.supersede(
        delivery.id(),
        "superseded: newer delivery "
            + newerId
            + " of subject "
            + delivery.subject()
            + " "
            + state
            + " to this URL");
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
