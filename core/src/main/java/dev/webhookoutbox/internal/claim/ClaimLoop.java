package dev.webhookoutbox.internal.claim;

import dev.webhookoutbox.internal.order.SubjectOrdering;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.OutboxStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claiming thread of a runner: claims due rows in batches as slots free up in the {@link
 * InFlight} ledger, parks those of disabled endpoints, keeps each subject in order ({@link
 * SubjectOrdering}) and starts the attempts of the rest ({@link Attempts}). Between claims it
 * pauses: not at all while there is a backlog, a short poll while the queue is empty, until {@link
 * ClaimLoopSignals#wakeUp()}.
 */
public final class ClaimLoop {

  private static final Logger log = LoggerFactory.getLogger(ClaimLoop.class);
  private static final Duration FIRST_CLAIM_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_CLAIM_BACKOFF = Duration.ofSeconds(5);

  private final OutboxStore store;
  private final String runnerId;
  private final Pace pace;
  private final Clock clock;
  private final InFlight inFlight;
  private final ClaimLoopSignals signals;
  private final EndpointLanes lanes;
  private final ClaimReturns returns;
  private final SubjectOrdering ordering;
  private final Attempts attempts;
  private final AtomicBoolean running = new AtomicBoolean();

  /**
   * How the loop claims.
   *
   * @param batchSize most rows claimed by one statement
   * @param maxInFlight most deliveries claimed and not yet recorded
   * @param lease how long a claim is valid
   * @param idlePoll pause after a claim found nothing due
   * @param busyPoll pause after a claim found fewer rows than it asked for
   */
  public record Pace(
      int batchSize, int maxInFlight, Duration lease, Duration idlePoll, Duration busyPoll) {}

  public ClaimLoop(
      OutboxStore store,
      String runnerId,
      Pace pace,
      Clock clock,
      InFlight inFlight,
      ClaimLoopSignals signals,
      EndpointLanes lanes,
      ClaimReturns returns,
      SubjectOrdering ordering,
      Attempts attempts) {
    this.store = store;
    this.runnerId = runnerId;
    this.pace = pace;
    this.clock = clock;
    this.inFlight = inFlight;
    this.signals = signals;
    this.lanes = lanes;
    this.returns = returns;
    this.ordering = ordering;
    this.attempts = attempts;
  }

  /**
   * Claims and sends until {@link #stop()}; database errors are logged and retried with backoff.
   */
  public void run() {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "the claim loop of runner " + runnerId + " is already running");
    }
    Duration failureBackoff = FIRST_CLAIM_BACKOFF;
    try {
      while (!signals.stopping()) {
        try {
          Duration pause = claimAndSend();
          failureBackoff = FIRST_CLAIM_BACKOFF;
          if (!pause.isZero()) {
            signals.awaitWakeUp(pause);
          }
        } catch (RuntimeException e) {
          log.warn(
              "Claiming due deliveries failed; retrying in {} ms", failureBackoff.toMillis(), e);
          signals.awaitWakeUp(failureBackoff);
          failureBackoff = min(failureBackoff.multipliedBy(2), MAX_CLAIM_BACKOFF);
        }
      }
    } finally {
      // The last claim may have queued deliveries behind a busy origin after stop() looked.
      returns.waitingAtShutdown(lanes.takeAll());
      running.set(false);
    }
  }

  public boolean isRunning() {
    return running.get();
  }

  /**
   * Claims nothing more (a claim in progress completes and stays in the ledger) and gives back
   * unsent what waits for a busy origin. The loop ends at its next look.
   */
  public void stop() {
    signals.stop();
    inFlight.close();
    returns.waitingAtShutdown(lanes.takeAll());
  }

  /** One claim; returns how long to pause before the next (zero while there is a backlog). */
  private Duration claimAndSend() {
    Instant swept = clock.instant();
    EndpointLanes.Sweep sweep = lanes.sweep(swept);
    returns.postpone(sweep.expired(), swept);
    int limit = claimLimit(sweep.load());
    if (limit <= 0) {
      return pace.idlePoll();
    }
    List<ClaimedDelivery> batch =
        inFlight.claim(
            limit,
            n -> {
              Instant now = clock.instant();
              return store.claimDue(runnerId, n, now, now.plus(pace.lease()));
            });
    if (signals.stopping() && !batch.isEmpty()) {
      // stop() began while this claim ran: give the rows back rather than send them.
      returns.releaseAtShutdown(batch.stream().map(ClaimedDelivery::id).toList());
      return Duration.ZERO;
    }
    // Before the ordering rules: a parked delivery must not hold its subject's newer ones.
    SubjectOrdering.Screened screened = ordering.screen(returns.parkDisabled(batch));
    returns.forget(screened.givenBack());
    attempts.start(screened.toSend());
    if (batch.size() == limit) {
      return Duration.ZERO;
    }
    return batch.isEmpty() ? pace.idlePoll() : pace.busyPoll();
  }

  /**
   * How many rows to claim now, or zero to wait for slots. Waiting for half a batch of free slots
   * keeps claims large while a backlog drains. Claiming while the lanes of working origins are
   * still half full, or more than they can take, would only send rows back to the table: claims
   * follow what the origins complete.
   */
  private int claimLimit(EndpointLanes.Load lanesLoad) {
    int wanted = Math.min(pace.batchSize(), pace.maxInFlight());
    int free = inFlight.free();
    if (free < Math.max(1, wanted / 2)
        || (lanesLoad.capacity() > 0 && lanesLoad.queued() > lanesLoad.capacity() / 2)) {
      signals.waitingForSlots(true);
      return 0;
    }
    signals.waitingForSlots(false);
    int limit = Math.min(free, wanted);
    if (lanesLoad.capacity() > 0) {
      limit = Math.min(limit, lanesLoad.capacity() - lanesLoad.queued());
    }
    return limit;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
