package dev.webhookoutbox.dispatch;

import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.OrderingFacts;
import dev.webhookoutbox.spi.Settlement;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides whether a claimed delivery may be sent now, given the other deliveries of its subject to
 * the same URL ({@link OrderingFacts}). "Older" and "newer" are by enqueue time.
 *
 * <ol>
 *   <li>A newer delivery was already delivered: this older state would regress the receiver, so it
 *       is superseded. Terminal events are exempt: they are never dropped.
 *   <li>An older delivery is in flight: wait, so this one cannot overtake it on the wire.
 *   <li>A terminal event waits for older deliveries that have not had their first attempt yet (e.g.
 *       the last throttled {@code output}), so it arrives after them.
 *   <li>With strict order, every delivery waits for all older pending ones, retries included.
 * </ol>
 *
 * Waiting only ever happens behind older deliveries, so two deliveries never wait for each other.
 */
final class OrderingRules {

  private OrderingRules() {}

  /**
   * @return {@code null} to send the delivery now, else how to give it back
   */
  static Settlement decide(
      ClaimedDelivery delivery, OrderingFacts facts, Instant now, Duration recheck) {
    if (facts == null) {
      return null;
    }
    if (facts.newerDeliveredId() != null && delivery.eventKind() != EventKind.TERMINAL) {
      return Settlement.supersede(
          delivery.id(),
          "superseded: newer delivery "
              + facts.newerDeliveredId()
              + " of subject "
              + delivery.subject()
              + " was already delivered to this URL");
    }
    if (facts.olderInFlight()) {
      return Settlement.holdBack(delivery.id(), now.plus(recheck));
    }
    Instant waitFor =
        facts.strictOrder()
            ? facts.olderPendingDueAt()
            : delivery.eventKind() == EventKind.TERMINAL ? facts.olderFirstAttemptDueAt() : null;
    if (waitFor != null) {
      return Settlement.holdBack(
          delivery.id(), (waitFor.isAfter(now) ? waitFor : now).plus(recheck));
    }
    return null;
  }
}
