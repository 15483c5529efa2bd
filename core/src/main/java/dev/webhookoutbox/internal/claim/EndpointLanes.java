package dev.webhookoutbox.internal.claim;

import dev.webhookoutbox.internal.send.EndpointGuard;
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
public final class EndpointLanes {

  /** What to do with a claimed delivery now. */
  enum Decision {
    SEND,
    WAIT,
    POSTPONE
  }

  private record Waiting(ClaimedDelivery delivery, Instant since) {}

  /** One origin's queue and how many of its attempts completed lately. */
  private static final class Lane {
    final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    Instant windowStart;
    int completedInWindow;
    int completedInLastWindow;

    void completed(Instant now, Duration window) {
      roll(now, window);
      completedInWindow++;
    }

    /** Deliveries the origin is likely to take within one window, judged by the last one. */
    int capacity(Instant now, Duration window, int floor) {
      roll(now, window);
      return Math.max(floor, Math.max(completedInLastWindow, completedInWindow));
    }

    private void roll(Instant now, Duration window) {
      if (windowStart == null) {
        windowStart = now;
        return;
      }
      Duration elapsed = Duration.between(windowStart, now);
      if (elapsed.compareTo(window) >= 0) {
        completedInLastWindow =
            elapsed.compareTo(window.multipliedBy(2)) < 0 ? completedInWindow : 0;
        completedInWindow = 0;
        windowStart = now;
      }
    }

    boolean live(Instant now, Duration window) {
      roll(now, window);
      return completedInWindow > 0 || completedInLastWindow > 0;
    }

    boolean idle(Instant now, Duration window) {
      return queue.isEmpty()
          && (windowStart == null || Duration.between(windowStart, now).compareTo(window) > 0);
    }
  }

  private final EndpointGuard guard;
  private final Duration maxWait;
  private final Duration window;
  private final int minimumDepth;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final AtomicInteger waiting = new AtomicInteger();

  public EndpointLanes(EndpointGuard guard, Duration maxWait, int minimumDepth) {
    this.guard = guard;
    this.maxWait = maxWait;
    this.window = maxWait.dividedBy(2);
    this.minimumDepth = minimumDepth;
  }

  /**
   * Sends at once if the origin admits it and nothing waits ahead of it; queues it while the origin
   * is only busy; postpones it while the origin's circuit is open.
   */
  Decision offer(ClaimedDelivery delivery, String origin, Instant now) {
    Decision[] decision = new Decision[1];
    lanes.compute(
        origin,
        (key, existing) -> {
          Lane lane = existing == null ? new Lane() : existing;
          if (lane.queue.isEmpty()) {
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
          if (lane.queue.size() >= lane.capacity(now, window, minimumDepth)) {
            decision[0] = Decision.POSTPONE;
            return lane;
          }
          lane.queue.addLast(new Waiting(delivery, now));
          waiting.incrementAndGet();
          decision[0] = Decision.WAIT;
          return lane;
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
          lane.completed(now, window);
          while (!lane.queue.isEmpty() && guard.admit(origin, now).send()) {
            ready.add(lane.queue.pollFirst().delivery());
            waiting.decrementAndGet();
          }
          return lane;
        });
    return ready;
  }

  /**
   * What the lanes of origins that completed attempts lately hold, and could hold: the runner's
   * work in hand, and how much more a claim may add before lanes overflow. Lanes of origins that
   * answer nothing (hanging) are left out: they empty by expiry, and must not stop the runner from
   * claiming for the others.
   *
   * @param queued deliveries waiting in those lanes
   * @param capacity what those lanes may hold in all
   */
  record Load(int queued, int capacity) {}

  /**
   * One pass over the lanes before a claim.
   *
   * @param expired the deliveries that waited longer than {@code maxWait} or whose circuit opened,
   *     taken out and grouped by the time they should be postponed to
   * @param load what the lanes of working origins hold afterwards
   */
  record Sweep(Map<Instant, List<ClaimedDelivery>> expired, Load load) {}

  Sweep sweep(Instant now) {
    Map<Instant, List<ClaimedDelivery>> expired = new HashMap<>();
    int[] load = new int[2];
    for (String origin : lanes.keySet()) {
      lanes.computeIfPresent(
          origin,
          (key, lane) -> {
            boolean circuitOpen = guard.isOpen(origin, now);
            while (!lane.queue.isEmpty()
                && (circuitOpen || !lane.queue.peekFirst().since().plus(maxWait).isAfter(now))) {
              expired
                  .computeIfAbsent(guard.postponeUntil(origin, now), t -> new ArrayList<>())
                  .add(lane.queue.pollFirst().delivery());
              waiting.decrementAndGet();
            }
            if (lane.live(now, window)) {
              load[0] += lane.queue.size();
              load[1] += lane.capacity(now, window, minimumDepth);
            }
            return lane.idle(now, window) ? null : lane;
          });
    }
    return new Sweep(expired, new Load(load[0], load[1]));
  }

  /** Takes out every waiting delivery, e.g. at shutdown. */
  List<ClaimedDelivery> takeAll() {
    List<ClaimedDelivery> all = new ArrayList<>();
    for (String origin : lanes.keySet()) {
      lanes.computeIfPresent(
          origin,
          (key, lane) -> {
            lane.queue.forEach(w -> all.add(w.delivery()));
            waiting.addAndGet(-lane.queue.size());
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
