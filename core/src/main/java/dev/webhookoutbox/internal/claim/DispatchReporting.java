package dev.webhookoutbox.internal.claim;

import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.DispatchObserver;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows once outcomes are written: their deliveries leave the {@link InFlight} ledger, the
 * counters behind {@code Dispatcher.stats()} count them, the {@link DispatchObserver} hears of
 * each, and the claim loop may claim again. Circuit changes reach the observer through here too. An
 * observer that throws is logged and ignored: it must not stop recording or sending.
 */
public final class DispatchReporting {

  private static final Logger log = LoggerFactory.getLogger(DispatchReporting.class);

  private final DispatchObserver observer;
  private final InFlight inFlight;
  private final Runnable slotsFreed;
  private final Clock clock;
  private final LongAdder delivered = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder failed = new LongAdder();

  public DispatchReporting(
      DispatchObserver observer, InFlight inFlight, Runnable slotsFreed, Clock clock) {
    this.observer = observer;
    this.inFlight = inFlight;
    this.slotsFreed = slotsFreed;
    this.clock = clock;
  }

  /** Called by the recorder thread after it wrote {@code outcomes}. */
  public void recorded(List<AttemptOutcome> outcomes) {
    Instant recordedAt = clock.instant();
    Map<UUID, ClaimedDelivery> settled =
        inFlight.record(outcomes.stream().map(AttemptOutcome::deliveryId).toList());
    for (AttemptOutcome outcome : outcomes) {
      ClaimedDelivery delivery = settled.get(outcome.deliveryId());
      if (delivery != null) {
        observe(() -> observer.attemptRecorded(delivery, outcome, recordedAt));
      }
      switch (outcome.newStatus()) {
        case DELIVERED -> delivered.increment();
        case PENDING -> retried.increment();
        default -> failed.increment();
      }
    }
    slotsFreed.run();
  }

  /** An origin's circuit opened or closed on this runner. */
  public void circuitChanged(String origin, boolean open, Instant at) {
    observe(() -> observer.circuitChanged(origin, open, at));
  }

  /** Attempts that delivered their webhook, since start. */
  public long delivered() {
    return delivered.sum();
  }

  /** Attempts that failed and scheduled a retry, since start. */
  public long retried() {
    return retried.sum();
  }

  /** Attempts after which the delivery failed for good, since start. */
  public long failed() {
    return failed.sum();
  }

  private static void observe(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("A DispatchObserver threw; ignored", e);
    }
  }
}
