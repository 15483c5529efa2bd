package dev.webhookoutbox.internal.claim;

import dev.webhookoutbox.internal.send.EndpointGuard;
import dev.webhookoutbox.internal.send.EndpointHealthTracker;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.EndpointRegistry;
import dev.webhookoutbox.spi.OutboxStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives claimed deliveries back to the store unsent, without spending an attempt: parked while
 * their endpoint is disabled, postponed while it is busy or its circuit open, released at shutdown.
 * Either way they leave the {@link InFlight} ledger. If the store fails, that is logged and the
 * lease expires instead.
 */
public final class ClaimReturns {

  private static final Logger log = LoggerFactory.getLogger(ClaimReturns.class);

  private final OutboxStore store;
  private final EndpointRegistry registry;
  private final String runnerId;
  private final Clock clock;
  private final InFlight inFlight;
  private final EndpointHealthTracker health;
  private final LongAdder postponed = new LongAdder();

  /**
   * @param registry where deliveries are parked; {@code null} for a store without one, whose
   *     endpoints are never disabled, so nothing is parked
   */
  public ClaimReturns(
      OutboxStore store,
      EndpointRegistry registry,
      String runnerId,
      Clock clock,
      InFlight inFlight,
      EndpointHealthTracker health) {
    this.store = store;
    this.registry = registry;
    this.runnerId = runnerId;
    this.clock = clock;
    this.inFlight = inFlight;
    this.health = health;
  }

  /** Deliveries parked or postponed so far. */
  public long postponed() {
    return postponed.sum();
  }

  /**
   * Parks the deliveries of disabled endpoints (kept {@code PENDING}, attempts not spent, due again
   * once the endpoint is enabled) and returns the others.
   */
  List<ClaimedDelivery> parkDisabled(List<ClaimedDelivery> batch) {
    if (registry == null || health.disabled().isEmpty()) {
      return batch;
    }
    List<ClaimedDelivery> rest = new ArrayList<>(batch.size());
    List<UUID> parked = new ArrayList<>();
    Set<String> origins = new TreeSet<>();
    for (ClaimedDelivery delivery : batch) {
      String origin = EndpointGuard.originOf(delivery.url());
      if (health.isDisabled(origin)) {
        parked.add(delivery.id());
        origins.add(origin);
      } else {
        rest.add(delivery);
      }
    }
    if (!parked.isEmpty()) {
      try {
        registry.parkClaims(runnerId, origins, parked, clock.instant());
      } catch (RuntimeException e) {
        log.warn("Could not park {} deliveries; their lease will expire instead", parked.size(), e);
      }
      forget(parked);
      postponed.add(parked.size());
    }
    return rest;
  }

  /**
   * Gives claimed deliveries back unsent, in one statement per postponement time and without
   * spending an attempt, so a sick endpoint cannot hold the runner's slots.
   */
  void postpone(Map<Instant, List<ClaimedDelivery>> byTime, Instant now) {
    byTime.forEach(
        (until, deliveries) -> {
          List<UUID> ids = deliveries.stream().map(ClaimedDelivery::id).toList();
          try {
            store.releaseClaims(runnerId, ids, until, now);
          } catch (RuntimeException e) {
            log.warn(
                "Could not postpone {} deliveries; their lease will expire instead", ids.size(), e);
          }
          forget(ids);
          postponed.add(ids.size());
        });
  }

  /** At shutdown: deliveries still waiting for a busy origin go back unsent, due now. */
  void waitingAtShutdown(List<ClaimedDelivery> neverSent) {
    if (!neverSent.isEmpty()) {
      Instant now = clock.instant();
      postpone(Map.of(now, neverSent), now);
    }
  }

  /**
   * At shutdown: releases rows that were claimed but never sent or not recorded in time, due now.
   */
  public void releaseAtShutdown(List<UUID> ids) {
    if (ids.isEmpty()) {
      return;
    }
    try {
      Instant now = clock.instant();
      int released = store.releaseClaims(runnerId, ids, now, now);
      log.info("Released {} unfinished deliveries at shutdown; they are due now", released);
    } catch (RuntimeException e) {
      log.warn(
          "Could not release {} deliveries at shutdown; they become due when their lease expires",
          ids.size(),
          e);
    }
    forget(ids);
  }

  /** Claimed deliveries given back without an attempt: they no longer hold a slot. */
  void forget(List<UUID> givenBack) {
    if (!givenBack.isEmpty()) {
      inFlight.giveBack(givenBack);
    }
  }
}
