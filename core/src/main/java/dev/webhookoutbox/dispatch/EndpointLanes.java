package dev.webhookoutbox.dispatch;

import dev.webhookoutbox.spi.ClaimedDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A short in-memory queue per URL origin in front of the {@link EndpointGuard}.
 *
 * <p>A claimed delivery whose origin is at its in-flight limit waits here, in claim order, and goes
 * out as soon as an attempt to that origin completes: one fast endpoint with a deep backlog keeps
 * its connections busy without its rows going back to the table and being claimed again. A delivery
 * that waited longer than {@code maxWait}, or whose origin's circuit opened, is handed back to be
 * postponed, so a hanging endpoint holds few of the runner's slots for long.
 *
 * <p>Every operation on a lane runs inside the map's per-key lock; a completion that frees a slot
 * and a claim that queues behind it cannot miss each other.
 */
final class EndpointLanes {

  /** What to do with a claimed delivery now. */
  enum Decision {
    SEND,
    WAIT,
    POSTPONE
  }

  private record Waiting(ClaimedDelivery delivery, Instant since) {}

  private final EndpointGuard guard;
  private final Duration maxWait;
  private final Map<String, ArrayDeque<Waiting>> lanes = new ConcurrentHashMap<>();
  private final AtomicInteger waiting = new AtomicInteger();

  EndpointLanes(EndpointGuard guard, Duration maxWait) {
    this.guard = guard;
    this.maxWait = maxWait;
  }

  /**
   * Sends at once if the origin admits it and nothing waits ahead of it; queues it while the origin
   * is only busy; postpones it while the origin's circuit is open.
   */
  Decision offer(ClaimedDelivery delivery, String origin, Instant now) {
    Decision[] decision = new Decision[1];
    lanes.compute(
        origin,
        (key, lane) -> {
          if (lane == null || lane.isEmpty()) {
            EndpointGuard.Admission admission = guard.admit(origin, now);
            if (admission.send()) {
              decision[0] = Decision.SEND;
              return lane;
            }
            if (!admission.busy()) {
              decision[0] = Decision.POSTPONE;
              return lane;
            }
          }
          ArrayDeque<Waiting> queue = lane == null ? new ArrayDeque<>() : lane;
          queue.addLast(new Waiting(delivery, now));
          waiting.incrementAndGet();
          decision[0] = Decision.WAIT;
          return queue;
        });
    return decision[0];
  }

  /**
   * The waiting deliveries of {@code origin} that may go out now; call after an attempt to it
   * completed and the guard was told.
   */
  List<ClaimedDelivery> next(String origin, Instant now) {
    List<ClaimedDelivery> ready = new ArrayList<>();
    lanes.computeIfPresent(
        origin,
        (key, lane) -> {
          while (!lane.isEmpty() && guard.admit(origin, now).send()) {
            ready.add(lane.pollFirst().delivery());
            waiting.decrementAndGet();
          }
          return lane.isEmpty() ? null : lane;
        });
    return ready;
  }

  /**
   * Takes out the deliveries that waited longer than {@code maxWait} or whose circuit opened,
   * grouped by the time they should be postponed to.
   */
  Map<Instant, List<ClaimedDelivery>> expired(Instant now) {
    Map<Instant, List<ClaimedDelivery>> expired = new HashMap<>();
    for (String origin : lanes.keySet()) {
      lanes.computeIfPresent(
          origin,
          (key, lane) -> {
            boolean circuitOpen = guard.isOpen(origin, now);
            while (!lane.isEmpty()
                && (circuitOpen || !lane.peekFirst().since().plus(maxWait).isAfter(now))) {
              expired
                  .computeIfAbsent(guard.postponeUntil(origin, now), t -> new ArrayList<>())
                  .add(lane.pollFirst().delivery());
              waiting.decrementAndGet();
            }
            return lane.isEmpty() ? null : lane;
          });
    }
    return expired;
  }

  /** Takes out every waiting delivery, e.g. at shutdown. */
  List<ClaimedDelivery> takeAll() {
    List<ClaimedDelivery> all = new ArrayList<>();
    for (String origin : lanes.keySet()) {
      lanes.computeIfPresent(
          origin,
          (key, lane) -> {
            lane.forEach(w -> all.add(w.delivery()));
            waiting.addAndGet(-lane.size());
            return null;
          });
    }
    return all;
  }

  /** How many deliveries wait, across origins. */
  int waiting() {
    return waiting.get();
  }
}
