package dev.webhookoutbox.internal.order;

import dev.webhookoutbox.DeliveryStatus;
import dev.webhookoutbox.ThrottleWindow;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.OrderingFacts;
import dev.webhookoutbox.spi.OutboxStore;
import dev.webhookoutbox.spi.Settlement;
import dev.webhookoutbox.spi.SubjectOrderingStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The step between claim and send that keeps each subject in order and its intermediate updates a
 * {@link ThrottleWindow} apart: one query for the whole batch ({@link
 * SubjectOrderingStore#orderingFacts}), the {@link OrderingRules}, and one batched write for the
 * deliveries that are held back or superseded ({@link SubjectOrderingStore#settle}). Batches
 * without subjects cost nothing.
 */
public final class SubjectOrdering {

  private static final Logger log = LoggerFactory.getLogger(SubjectOrdering.class);

  private final OutboxStore store;
  private final SubjectOrderingStore ordering;
  private final String runnerId;
  private final Clock clock;
  private final Duration recheckDelay;
  private final ThrottleWindow window;

  /**
   * @param ordering the store's ordering capability, or {@code null} to send every delivery as
   *     claimed
   * @param recheckDelay how long a delivery held back behind an older one waits before it is
   *     claimed again
   */
  public SubjectOrdering(
      OutboxStore store,
      SubjectOrderingStore ordering,
      String runnerId,
      Clock clock,
      Duration recheckDelay,
      ThrottleWindow window) {
    this.store = store;
    this.ordering = ordering;
    this.runnerId = runnerId;
    this.clock = clock;
    this.recheckDelay = recheckDelay;
    this.window = window;
  }

  /** The deliveries to send now, and the ids of the claimed ones given back instead. */
  public record Screened(List<ClaimedDelivery> toSend, List<UUID> givenBack) {}

  public Screened screen(List<ClaimedDelivery> batch) {
    if (ordering == null) {
      return new Screened(batch, List.of());
    }
    List<ClaimedDelivery> withSubject = new ArrayList<>();
    for (ClaimedDelivery delivery : batch) {
      if (delivery.subject() != null && delivery.mayHaveSubjectNeighbours()) {
        withSubject.add(delivery);
      }
    }
    if (withSubject.isEmpty()) {
      return new Screened(batch, List.of());
    }
    Map<UUID, OrderingFacts> facts;
    try {
      facts = byDelivery(ordering.orderingFacts(withSubject));
    } catch (RuntimeException e) {
      return giveBack(batch, withSubject, e);
    }
    if (facts.isEmpty()) {
      return new Screened(batch, List.of());
    }
    Instant now = clock.instant();
    List<ClaimedDelivery> toSend = new ArrayList<>(batch.size());
    List<Settlement> settlements = new ArrayList<>();
    for (ClaimedDelivery delivery : batch) {
      Settlement settlement =
          OrderingRules.decide(delivery, facts.get(delivery.id()), now, recheckDelay, window);
      if (settlement == null) {
        toSend.add(delivery);
      } else {
        settlements.add(settlement);
      }
    }
    if (settlements.isEmpty()) {
      return new Screened(toSend, List.of());
    }
    try {
      ordering.settle(runnerId, settlements, now);
      settlements.forEach(SubjectOrdering::logSettlement);
    } catch (RuntimeException e) {
      log.warn(
          "Could not hold back or supersede {} deliveries; they are sent when their lease expires",
          settlements.size(),
          e);
    }
    return new Screened(toSend, settlements.stream().map(Settlement::deliveryId).toList());
  }

  /** Without the facts the order cannot be kept: the subject's deliveries go back to the queue. */
  private Screened giveBack(
      List<ClaimedDelivery> batch, List<ClaimedDelivery> withSubject, RuntimeException cause) {
    List<UUID> ids = withSubject.stream().map(ClaimedDelivery::id).toList();
    log.warn(
        "Checking the subject order of {} claimed deliveries failed; giving them back",
        ids.size(),
        cause);
    try {
      Instant now = clock.instant();
      store.releaseClaims(runnerId, ids, now, now);
    } catch (RuntimeException e) {
      log.warn(
          "Could not give {} deliveries back; they are due when their lease expires",
          ids.size(),
          e);
    }
    List<ClaimedDelivery> rest = new ArrayList<>(batch);
    rest.removeAll(withSubject);
    return new Screened(rest, ids);
  }

  private static Map<UUID, OrderingFacts> byDelivery(List<OrderingFacts> facts) {
    Map<UUID, OrderingFacts> map = new HashMap<>();
    for (OrderingFacts f : facts) {
      map.put(f.deliveryId(), f);
    }
    return map;
  }

  private static void logSettlement(Settlement settlement) {
    MDC.put("deliveryId", settlement.deliveryId().toString());
    try {
      if (settlement.newStatus() == DeliveryStatus.SUPERSEDED) {
        log.info("Delivery {} {}", settlement.deliveryId(), settlement.reason());
      } else {
        log.debug(
            "Delivery {} waits for an older delivery of its subject or the throttle window until {}",
            settlement.deliveryId(),
            settlement.nextAttemptAt());
      }
    } finally {
      MDC.remove("deliveryId");
    }
  }
}
