package dev.webhookoutbox.dispatch;

import dev.webhookoutbox.retry.RetryPolicy;
import dev.webhookoutbox.retry.RetryPreset;
import dev.webhookoutbox.retry.RetryPresets;
import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.DispatchObserver;
import dev.webhookoutbox.spi.EndpointHealth;
import dev.webhookoutbox.spi.OutboxStore;
import dev.webhookoutbox.spi.WebhookSender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim → send → record loop of one runner.
 *
 * <p>One thread ({@link #runClaimLoop()}) claims due rows in batches and hands each to the async
 * {@link WebhookSender}; completions are decided by the delivery's {@link RetryPreset} and queued
 * for the recorder thread, which writes them in batches. Claimed deliveries that would overtake an
 * older delivery of their subject, or regress it, are held back or superseded first ({@link
 * OrderingRules}). At most {@code maxInFlight} deliveries are claimed and not yet recorded, so
 * memory and the rows a crash can strand are bounded.
 *
 * <pre>{@code
 * Dispatcher dispatcher = Dispatcher.builder(store, sender).runnerId("node-1").build();
 * dispatcher.start();
 * executor.submit(dispatcher::runClaimLoop);
 * ...
 * dispatcher.close(); // stops claiming, waits for in-flight POSTs, releases the rest
 * }</pre>
 */
public final class Dispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final Duration MAX_CLAIM_BACKOFF = Duration.ofSeconds(5);

  private final OutboxStore store;
  private final WebhookSender sender;
  private final OutcomeDecider decider;
  private final SubjectOrdering ordering;
  private final DispatchSettings settings;
  private final Clock clock;
  private final String runnerId;
  private final Duration shutdownDeadline;
  private final InFlight inFlight;
  private final OutcomeRecorder recorder;
  private final ClaimLoopSignals signals = new ClaimLoopSignals();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean loopRunning = new AtomicBoolean();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final EndpointGuard endpoints;
  private final EndpointLanes lanes;
  private final EndpointHealthTracker health;
  private final ClaimReturns returns;
  private final DispatchObserver observer;

  private Dispatcher(Builder b) {
    this.store = b.store;
    this.sender = b.sender;
    this.decider = new OutcomeDecider(b.retryPresets, b.clock);
    this.settings = b.settings;
    this.clock = b.clock;
    this.runnerId = b.runnerId;
    this.shutdownDeadline = b.shutdownDeadline;
    this.inFlight = new InFlight(settings.maxInFlight(), b.ticker);
    this.observer = b.observer;
    this.endpoints = new EndpointGuard(b.endpointSettings, this::circuitChanged);
    this.lanes =
        new EndpointLanes(
            endpoints,
            b.endpointSettings.busyDeferral(),
            b.endpointSettings.maxInFlightPerEndpoint());
    this.health = new EndpointHealthTracker(b.endpointHealth);
    this.returns = new ClaimReturns(store, runnerId, clock, inFlight, health);
    this.ordering = new SubjectOrdering(store, runnerId, clock, b.ordering);
    this.recorder =
        new OutcomeRecorder(
            store,
            runnerId,
            clock,
            b.ticker,
            settings.recordBatchSize(),
            settings.recordLinger(),
            this::recorded,
            health::forget);
  }

  public static Builder builder(OutboxStore store, WebhookSender sender) {
    return new Builder(store, sender);
  }

  /**
   * Starts the recorder thread and reads the disabled endpoints once, so that a fresh runner never
   * sends to one. Call once before {@link #runClaimLoop()}.
   */
  public void start() {
    if (started.compareAndSet(false, true)) {
      try {
        refreshDisabledEndpoints();
      } catch (RuntimeException e) {
        log.warn("Could not read the disabled endpoints; the next refresh tries again", e);
      }
      recorder.start();
    }
  }

  /**
   * Re-reads which endpoints (URL origins) are disabled cluster-wide; call it every {@link
   * EndpointHealthSettings#checkInterval()}. Deliveries claimed for them are parked unsent.
   *
   * @return the disabled origins
   */
  public Set<String> refreshDisabledEndpoints() {
    Set<String> now = store.disabledOrigins();
    Set<String> before = health.disabled();
    if (!now.equals(before)) {
      log.info("Disabled endpoints now: {}", new TreeSet<>(now));
    }
    health.disabled(now);
    return now;
  }

  /**
   * Claims and sends until {@link #close()} is called. Database errors are logged and retried with
   * backoff; the loop only returns on shutdown.
   */
  public void runClaimLoop() {
    if (!started.get()) {
      throw new IllegalStateException("call start() before runClaimLoop()");
    }
    if (!loopRunning.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "the claim loop of runner " + runnerId + " is already running");
    }
    Duration failureBackoff = Duration.ofMillis(100);
    try {
      while (!signals.stopping()) {
        try {
          Duration pause = claimAndSend();
          failureBackoff = Duration.ofMillis(100);
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
      // The last claim may have queued deliveries behind a busy origin after close() looked.
      returns.waitingAtShutdown(lanes.takeAll());
      loopRunning.set(false);
    }
  }

  /** Whether the claim loop is currently running on some thread. */
  public boolean isClaimLoopRunning() {
    return loopRunning.get();
  }

  /** Ends an idle wait early, e.g. right after an embedded enqueue committed. */
  public void wakeUp() {
    signals.wakeUp();
  }

  /** Makes rows whose lease expired (their runner died) due again. */
  public int recoverExpiredLeases() {
    int released = store.releaseExpiredLeases(clock.instant());
    if (released > 0) {
      log.warn("Released {} deliveries whose lease had expired; they are due again", released);
      wakeUp();
    }
    return released;
  }

  /** The disabled endpoints as this runner last read them. */
  public Set<String> disabledEndpoints() {
    return health.disabled();
  }

  /** How many deliveries this runner has claimed and not yet recorded. */
  public int inFlight() {
    return inFlight.size();
  }

  public String runnerId() {
    return runnerId;
  }

  /** Outcomes this dispatcher has recorded since it was built. */
  public Stats stats() {
    return new Stats(
        delivered.sum(), retried.sum(), failed.sum(), returns.postponed(), inFlight.size());
  }

  /**
   * Counters since start.
   *
   * @param delivered attempts that delivered their webhook
   * @param retried attempts that failed and scheduled a retry
   * @param failed attempts after which the delivery failed for good
   * @param postponed claimed deliveries given back unsent because their endpoint was busy or its
   *     circuit open
   * @param inFlight deliveries claimed and not yet recorded, now
   */
  public record Stats(long delivered, long retried, long failed, long postponed, int inFlight) {}

  /** One claim; returns how long to pause before the next (zero while there is a backlog). */
  private Duration claimAndSend() {
    Instant swept = clock.instant();
    EndpointLanes.Sweep sweep = lanes.sweep(swept);
    returns.postpone(sweep.expired(), swept);
    EndpointLanes.Load lanesLoad = sweep.load();
    int wanted = Math.min(settings.claimBatchSize(), settings.maxInFlight());
    // Waiting for half a batch of free slots keeps claims large while a backlog drains. Claiming
    // while the lanes of working origins are still half full, or more than they can take, would
    // only send rows back to the table: claims follow what the origins complete.
    int free = inFlight.free();
    if (free < Math.max(1, wanted / 2)
        || (lanesLoad.capacity() > 0 && lanesLoad.queued() > lanesLoad.capacity() / 2)) {
      signals.waitingForSlots(true);
      return settings.idlePollInterval();
    }
    signals.waitingForSlots(false);
    int limit = Math.min(free, wanted);
    if (lanesLoad.capacity() > 0) {
      limit = Math.min(limit, lanesLoad.capacity() - lanesLoad.queued());
    }
    List<ClaimedDelivery> batch =
        inFlight.claim(
            limit,
            n -> {
              Instant now = clock.instant();
              return store.claimDue(runnerId, n, now, now.plus(settings.leaseDuration()));
            });
    if (signals.stopping() && !batch.isEmpty()) {
      // close() began while this claim ran: give the rows back rather than send them.
      returns.releaseAtShutdown(batch.stream().map(ClaimedDelivery::id).toList());
      return Duration.ZERO;
    }
    // Before the ordering rules: a parked delivery must not hold its subject's newer ones.
    SubjectOrdering.Screened screened = ordering.screen(returns.parkDisabled(batch));
    returns.forget(screened.givenBack());
    postponeOrSend(screened.toSend());
    if (batch.size() == limit) {
      return Duration.ZERO;
    }
    return batch.isEmpty() ? settings.idlePollInterval() : settings.busyPollInterval();
  }

  /**
   * Sends what the endpoint guard admits now, queues in memory what waits only for a busy origin
   * ({@link EndpointLanes}), and gives back the deliveries of open circuits.
   */
  private void postponeOrSend(List<ClaimedDelivery> batch) {
    Instant now = clock.instant();
    Map<Instant, List<ClaimedDelivery>> postponed = new HashMap<>();
    for (ClaimedDelivery delivery : batch) {
      String origin = EndpointGuard.originOf(delivery.url());
      switch (lanes.offer(delivery, origin, now)) {
        case SEND -> send(delivery, origin);
        case POSTPONE ->
            postponed
                .computeIfAbsent(endpoints.postponeUntil(origin, now), t -> new ArrayList<>())
                .add(delivery);
        case WAIT -> {}
      }
    }
    returns.postpone(postponed, now);
  }

  private void send(ClaimedDelivery delivery, String origin) {
    Instant start = clock.instant();
    CompletableFuture<AttemptResult> attempt;
    try {
      attempt = sender.send(RequestFactory.build(delivery, start));
    } catch (RuntimeException e) {
      attempt = CompletableFuture.completedFuture(decider.internalFailure(start, e));
    }
    attempt.whenComplete(
        (result, error) -> {
          AttemptResult outcome = result != null ? result : decider.internalFailure(start, error);
          Instant completedAt = clock.instant();
          endpoints.completed(origin, outcome, completedAt);
          EndpointHealth report = health.observe(origin, outcome, completedAt);
          if (report != null) {
            recorder.submitHealth(report);
          }
          recorder.submit(decider.decide(delivery, outcome));
          if (!signals.stopping()) {
            for (ClaimedDelivery next : lanes.next(origin, completedAt)) {
              send(next, origin);
            }
          }
        });
  }

  private void recorded(List<AttemptOutcome> outcomes) {
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
    signals.slotsFreed();
  }

  private void circuitChanged(String origin, boolean open, Instant at) {
    observe(() -> observer.circuitChanged(origin, open, at));
  }

  /** An observer's failure must not stop recording or sending. */
  private void observe(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("A DispatchObserver threw; ignored", e);
    }
  }

  /**
   * Stops claiming, waits up to the shutdown deadline for in-flight POSTs to be recorded, and gives
   * the remaining claimed rows back at once instead of leaving them until their lease expires.
   */
  @Override
  public void close() {
    signals.stop();
    // From here no claim starts; one in progress is held by the ledger and waited for below.
    inFlight.close();
    returns.waitingAtShutdown(lanes.takeAll());
    // The whole deadline for POSTs in flight: only those still running when it passes go back.
    inFlight.awaitEmpty(shutdownDeadline);
    try {
      // Outcomes that arrived by the deadline are written before the rest is released.
      recorder.flush(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    returns.releaseAtShutdown(inFlight.remaining());
    try {
      recorder.stop(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Builds a {@link Dispatcher}. Only the store and sender are required. */
  public static final class Builder {
    private final OutboxStore store;
    private final WebhookSender sender;
    private RetryPresets retryPresets = RetryPresets.defaults();
    private OrderingSettings ordering = OrderingSettings.defaults();
    private DispatchSettings settings = DispatchSettings.defaults();
    private Clock clock = Clock.systemUTC();
    private String runnerId = RunnerIds.generate();
    private Duration shutdownDeadline = Duration.ofSeconds(10);
    private EndpointSettings endpointSettings = EndpointSettings.defaults();
    private EndpointHealthSettings endpointHealth = EndpointHealthSettings.defaults();
    private DispatchObserver observer = DispatchObserver.NONE;
    private Ticker ticker = Ticker.SYSTEM;

    private Builder(OutboxStore store, WebhookSender sender) {
      this.store = Objects.requireNonNull(store, "store");
      this.sender = Objects.requireNonNull(sender, "sender");
    }

    /** The policy for deliveries stored without a retry preset; the built-ins stay available. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      Objects.requireNonNull(retryPolicy, "retryPolicy");
      return retryPresets(
          RetryPresets.builder().defaultPreset(RetryPreset.of("default", retryPolicy)).build());
    }

    /** The presets known by name and the default one; replaces {@link #retryPolicy}. */
    public Builder retryPresets(RetryPresets retryPresets) {
      this.retryPresets = Objects.requireNonNull(retryPresets, "retryPresets");
      return this;
    }

    /** How each subject's deliveries are kept in order; default on. */
    public Builder ordering(OrderingSettings ordering) {
      this.ordering = Objects.requireNonNull(ordering, "ordering");
      return this;
    }

    public Builder settings(DispatchSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Written to {@code lease_owner} and {@code webhook_attempt.runner_id}; unique per process. */
    public Builder runnerId(String runnerId) {
      if (runnerId == null || runnerId.isBlank() || runnerId.length() > 100) {
        throw new IllegalArgumentException("runnerId must be 1 to 100 non-blank characters");
      }
      this.runnerId = runnerId;
      return this;
    }

    /** How long {@link #close()} waits for in-flight POSTs before releasing their rows. */
    public Builder shutdownDeadline(Duration shutdownDeadline) {
      this.shutdownDeadline = Objects.requireNonNull(shutdownDeadline, "shutdownDeadline");
      return this;
    }

    /** Per-origin concurrency limit and circuit breaker. */
    public Builder endpointSettings(EndpointSettings endpointSettings) {
      this.endpointSettings = Objects.requireNonNull(endpointSettings, "endpointSettings");
      return this;
    }

    /** How endpoint health is reported; see {@link EndpointHealthSettings}. */
    public Builder endpointHealth(EndpointHealthSettings endpointHealth) {
      this.endpointHealth = Objects.requireNonNull(endpointHealth, "endpointHealth");
      return this;
    }

    /** Told about every recorded attempt and circuit change, e.g. to publish metrics. */
    public Builder observer(DispatchObserver observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /** The time source of the shutdown and recorder deadlines; tests drive it by hand. */
    Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    public Dispatcher build() {
      return new Dispatcher(this);
    }
  }
}
