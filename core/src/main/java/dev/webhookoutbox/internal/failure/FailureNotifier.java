package dev.webhookoutbox.internal.failure;

import dev.webhookoutbox.spi.DeliveryFailureListener;
import dev.webhookoutbox.spi.FailedDelivery;
import dev.webhookoutbox.spi.FailureLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Calls the host's {@link DeliveryFailureListener} for failed deliveries, at least once each, also
 * across runner restarts: the failure is leased to this runner while the listener runs, and marked
 * notified in the database only after it returned. A listener that throws, or a runner that dies,
 * leaves the mark unset, and the failure is offered again when the lease ends.
 *
 * <pre>{@code
 * FailureNotifier notifier = new FailureNotifier(ledger, listener, "node-1", clock,
 *     100, Duration.ofSeconds(30), Duration.ofDays(7));
 * notifier.notifyPending(); // e.g. from a periodic job
 * }</pre>
 *
 * Calls are made on the caller's thread, one failure at a time.
 */
public final class FailureNotifier {

  private static final Logger log = LoggerFactory.getLogger(FailureNotifier.class);

  private final FailureLedger ledger;
  private final DeliveryFailureListener listener;
  private final String runnerId;
  private final Clock clock;
  private final int batchSize;
  private final Duration lease;
  private final Duration window;

  /**
   * @param batchSize most failures claimed at a time
   * @param lease how long a claimed failure is held while the listener runs
   * @param window how far back failures are notified
   */
  public FailureNotifier(
      FailureLedger ledger,
      DeliveryFailureListener listener,
      String runnerId,
      Clock clock,
      int batchSize,
      Duration lease,
      Duration window) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.runnerId = Objects.requireNonNull(runnerId, "runnerId");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.batchSize = batchSize;
    this.lease = Objects.requireNonNull(lease, "lease");
    this.window = Objects.requireNonNull(window, "window");
  }

  /**
   * Notifies every failure that is waiting, batch by batch, until none is left or the thread is
   * interrupted. Failures the listener threw for stay leased and are offered again after the lease.
   *
   * @return how many failures the listener accepted
   */
  public int notifyPending() {
    int total = 0;
    while (!Thread.currentThread().isInterrupted()) {
      Instant now = clock.instant();
      List<FailedDelivery> batch =
          ledger.claimUnnotifiedFailures(
              runnerId, batchSize, now, now.plus(lease), now.minus(window));
      if (batch.isEmpty()) {
        return total;
      }
      List<UUID> accepted = new ArrayList<>(batch.size());
      try {
        for (FailedDelivery failure : batch) {
          if (Thread.currentThread().isInterrupted()) {
            break;
          }
          // One failure the listener rejects must not hold back the others.
          if (call(failure)) {
            accepted.add(failure.id());
          }
        }
      } finally {
        if (!accepted.isEmpty()) {
          ledger.markFailuresNotified(runnerId, accepted, clock.instant());
        }
      }
      total += accepted.size();
      if (batch.size() < batchSize) {
        return total;
      }
    }
    return total;
  }

  private boolean call(FailedDelivery failure) {
    MDC.put("deliveryId", failure.id().toString());
    try {
      listener.onPermanentFailure(failure);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn(
          "Failure listener for delivery {} was interrupted; it is called again in {}",
          failure.id(),
          lease);
      return false;
    } catch (Exception e) {
      log.warn(
          "Failure listener threw for delivery {}; it is called again in {}",
          failure.id(),
          lease,
          e);
      return false;
    } finally {
      MDC.remove("deliveryId");
    }
  }
}
