package dev.webhookoutbox.internal.claim;

import dev.webhookoutbox.spi.ExpiredLeases;
import dev.webhookoutbox.spi.OutboxStore;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Makes rows whose lease expired due again, and fails as poisoned those whose claims keep ending
 * that way. A lease expires only when its runner died or hung before recording an outcome: claims
 * given back on purpose (postponed, parked, held back, released at shutdown) never expire. A
 * delivery that is itself what kills its runners (or hangs them) would be claimed forever, taking a
 * runner down each time; after {@code maxLostLeases} such claims in a row it is failed for good and
 * reported to the failure listener, and an admin can replay it.
 */
public final class LeaseRecovery {

  private static final Logger log = LoggerFactory.getLogger(LeaseRecovery.class);

  private final OutboxStore store;
  private final Clock clock;
  private final int maxLostLeases;
  private final Runnable wakeUp;

  public LeaseRecovery(OutboxStore store, Clock clock, int maxLostLeases, Runnable wakeUp) {
    this.store = store;
    this.clock = clock;
    this.maxLostLeases = maxLostLeases;
    this.wakeUp = wakeUp;
  }

  public ExpiredLeases recover() {
    ExpiredLeases result = store.releaseExpiredLeases(clock.instant(), maxLostLeases);
    if (result.released() > 0) {
      log.warn(
          "Released {} deliveries whose lease had expired; they are due again", result.released());
      wakeUp.run();
    }
    for (UUID id : result.poisoned()) {
      MDC.put("deliveryId", id.toString());
      try {
        log.error(
            "Delivery {} failed for good as poisoned: {} claims in a row ended without an attempt"
                + " outcome, each with its runner dying or hanging past the lease; replay it once"
                + " the cause is found",
            id,
            maxLostLeases);
      } finally {
        MDC.remove("deliveryId");
      }
    }
    return result;
  }
}
