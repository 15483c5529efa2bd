package dev.webhookoutbox.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Optional capability of an {@link OutboxStore} (see {@link OutboxStore#capability}): which failed
 * deliveries the host's {@link DeliveryFailureListener} was told about. A runner with a failure
 * listener needs it, and refuses to build on a store without it.
 */
public interface FailureLedger {

  /**
   * Leases up to {@code limit} {@code FAILED} deliveries whose failure listener has not been called
   * yet ({@code failure_notified_at} unset) and that failed at or after {@code failedSince}, to
   * {@code runnerId} until {@code leaseUntil}, skipping ones another runner holds.
   */
  List<FailedDelivery> claimUnnotifiedFailures(
      String runnerId, int limit, Instant now, Instant leaseUntil, Instant failedSince);

  /**
   * Marks failures whose listener returned normally, so they are never claimed again. Applied only
   * to rows still leased to {@code runnerId}.
   *
   * @return how many were marked
   */
  int markFailuresNotified(String runnerId, Collection<UUID> deliveryIds, Instant now);
}
