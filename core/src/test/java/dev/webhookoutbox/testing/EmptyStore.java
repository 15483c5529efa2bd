package dev.webhookoutbox.testing;

import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.ExpiredLeases;
import dev.webhookoutbox.spi.OutboxStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** A store with nothing due that accepts and forgets every write; fakes override what they test. */
public class EmptyStore implements OutboxStore {

  @Override
  public List<ClaimedDelivery> claimDue(
      String runnerId, int limit, Instant now, Instant leaseUntil) {
    return List.of();
  }

  @Override
  public int recordOutcomes(String runnerId, List<AttemptOutcome> batch, Instant now) {
    return 0;
  }

  @Override
  public ExpiredLeases releaseExpiredLeases(Instant now, int maxLostLeases) {
    return ExpiredLeases.NONE;
  }

  @Override
  public int releaseClaims(String runnerId, Collection<UUID> ids, Instant dueAt, Instant now) {
    return 0;
  }
}
