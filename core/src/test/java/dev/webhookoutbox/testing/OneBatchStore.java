package dev.webhookoutbox.testing;

import dev.webhookoutbox.spi.ClaimedDelivery;
import java.time.Instant;
import java.util.List;

/** Hands out its deliveries in one claim, then has nothing due. */
public class OneBatchStore extends EmptyStore {
  private final List<ClaimedDelivery> due;
  private boolean handedOut;

  public OneBatchStore(List<ClaimedDelivery> due) {
    this.due = due;
  }

  @Override
  public synchronized List<ClaimedDelivery> claimDue(
      String runnerId, int limit, Instant now, Instant leaseUntil) {
    if (handedOut) {
      return List.of();
    }
    handedOut = true;
    return due;
  }
}
