package dev.webhookoutbox.dispatch;

import dev.webhookoutbox.failure.FailingEndpoints;
import dev.webhookoutbox.failure.FailureNotifier;
import dev.webhookoutbox.spi.EndpointRegistry;
import dev.webhookoutbox.spi.ExpiredLeases;
import dev.webhookoutbox.spi.FailureLedger;
import dev.webhookoutbox.spi.OutboxStore;
import dev.webhookoutbox.spi.SubjectOrderingStore;
import dev.webhookoutbox.spi.WebhookSender;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim → send → record loop of one runner.
 *
 * <p>One thread ({@link #runClaimLoop()}, a {@link ClaimLoop}) claims due rows in batches and hands
 * each to the async {@link WebhookSender} ({@link Attempts}); completions are decided by the
 * delivery's retry preset and queued for the recorder thread ({@link OutcomeRecorder}), which
 * writes them in batches. Claimed deliveries that would overtake an older delivery of their
 * subject, or regress it, are held back or superseded first ({@link OrderingRules}). At most {@code
 * maxInFlight} deliveries are claimed and not yet recorded ({@link InFlight}), so memory and the
 * rows a crash can strand are bounded.
 *
 * <p>Around the loop, the periodic work a runner schedules: {@link #recoverExpiredLeases()}, {@link
 * #refreshDisabledEndpoints()}, {@link #notifyFailures()} and {@link #maintainEndpoints()}. What
 * the store cannot do (see {@link OutboxStore#capability}) is off, as logged when it is built:
 * without {@link SubjectOrderingStore} every delivery is sent as claimed, without {@link
 * EndpointRegistry} no endpoint is disabled.
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

  /** How long close() waits for outcomes that arrived by the deadline to be written. */
  private static final Duration FLUSH_AT_SHUTDOWN = Duration.ofSeconds(2);

  private final EndpointRegistry registry;
  private final String runnerId;
  private final Duration shutdownDeadline;
  private final InFlight inFlight;
  private final EndpointHealthTracker health;
  private final ClaimReturns returns;
  private final OutcomeRecorder recorder;
  private final DispatchReporting reporting;
  private final ClaimLoop claimLoop;
  private final LeaseRecovery leases;
  private final FailureNotifier failures;
  private final FailingEndpoints failingEndpoints;
  private final ClaimLoopSignals signals = new ClaimLoopSignals();
  private final AtomicBoolean started = new AtomicBoolean();

  Dispatcher(DispatcherBuilder b) {
    OutboxStore store = b.store;
    this.registry = capability(store, EndpointRegistry.class, "endpoints are never disabled");
    SubjectOrderingStore orderingStore =
        b.ordering.enabled()
            ? capability(store, SubjectOrderingStore.class, "subject ordering is off")
            : null;
    Clock clock = b.clock;
    this.runnerId = b.runnerId;
    this.shutdownDeadline = b.shutdownDeadline;
    DispatchSettings settings = b.settings;
    this.inFlight = new InFlight(settings.maxInFlight(), b.ticker);
    this.health = new EndpointHealthTracker(b.endpointHealth);
    this.returns = new ClaimReturns(store, registry, runnerId, clock, inFlight, health);
    this.reporting = new DispatchReporting(b.observer, inFlight, signals::slotsFreed, clock);
    this.recorder =
        new OutcomeRecorder(
            store,
            registry,
            runnerId,
            clock,
            b.ticker,
            settings.recordBatchSize(),
            settings.recordLinger(),
            reporting::recorded,
            health::forget,
            b.fatal);
    EndpointGuard endpoints = new EndpointGuard(b.endpointSettings, reporting::circuitChanged);
    EndpointLanes lanes =
        new EndpointLanes(
            endpoints,
            b.endpointSettings.busyDeferral(),
            b.endpointSettings.maxInFlightPerEndpoint());
    Attempts attempts =
        new Attempts(
            b.sender,
            new OutcomeDecider(b.options.retryPresets(), clock, b.options.throttleWindow()),
            endpoints,
            lanes,
            health,
            recorder,
            returns,
            signals,
            clock,
            b.fatal);
    SubjectOrdering ordering =
        new SubjectOrdering(
            store, orderingStore, runnerId, clock, b.ordering, b.options.throttleWindow());
    this.claimLoop =
        new ClaimLoop(
            store, runnerId, settings, clock, inFlight, signals, lanes, returns, ordering,
            attempts);
    this.leases = new LeaseRecovery(store, clock, settings.maxLostLeases(), signals::wakeUp);
    this.failures =
        b.failureListener == null
            ? null
            : new FailureNotifier(
                store.capability(FailureLedger.class).orElseThrow(),
                b.failureListener,
                runnerId,
                clock,
                b.failureNotification);
    this.failingEndpoints =
        registry == null
            ? null
            : new FailingEndpoints(
                registry,
                b.endpointHealth.autoDisable(),
                b.endpointHealth.disableAfter(),
                b.endpointListener,
                clock);
  }

  /** The store's capability {@code type}, or {@code null} after saying what is off without it. */
  private static <C> C capability(OutboxStore store, Class<C> type, String consequence) {
    C found = store.capability(type).orElse(null);
    if (found == null) {
      log.info(
          "The store {} has no {} capability: {}",
          store.getClass().getName(),
          type.getSimpleName(),
          consequence);
    }
    return found;
  }

  public static DispatcherBuilder builder(OutboxStore store, WebhookSender sender) {
    return new DispatcherBuilder(store, sender);
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
    if (registry == null) {
      return Set.of();
    }
    Set<String> now = registry.disabledOrigins();
    if (!now.equals(health.disabled())) {
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
    claimLoop.run();
  }

  /** Whether the claim loop is currently running on some thread. */
  public boolean isClaimLoopRunning() {
    return claimLoop.isRunning();
  }

  /** Ends an idle wait early, e.g. right after an embedded enqueue committed. */
  public void wakeUp() {
    signals.wakeUp();
  }

  /**
   * Makes rows whose lease expired (their runner died or hung) due again, and fails as poisoned
   * those whose claims ended that way {@link DispatchSettings#maxLostLeases()} times in a row (see
   * {@link LeaseRecovery}).
   */
  public ExpiredLeases recoverExpiredLeases() {
    return leases.recover();
  }

  /**
   * Calls the failure listener for every failure it was not told about yet (see {@link
   * DispatcherBuilder#failureListener}); on the caller's thread, one failure at a time. Call it
   * every {@link dev.webhookoutbox.failure.FailureNotificationSettings#pollInterval()}.
   *
   * @return how many failures the listener accepted; 0 without a listener
   */
  public int notifyFailures() {
    return failures == null ? 0 : failures.notifyPending();
  }

  /**
   * The cluster's endpoint work: disables endpoints that failed for longer than {@link
   * EndpointHealthSettings#disableAfter()}, tells the endpoint listener, and makes the parked
   * deliveries of endpoints enabled again due. One runner of a cluster calls it every {@link
   * EndpointHealthSettings#checkInterval()}; nothing happens when the store has no {@link
   * EndpointRegistry}.
   */
  public void maintainEndpoints() {
    if (failingEndpoints != null) {
      failingEndpoints.run();
    }
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
    return reporting.stats(returns.postponed());
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

  /**
   * Stops claiming, waits up to the shutdown deadline for in-flight POSTs to be recorded, and gives
   * the remaining claimed rows back at once instead of leaving them until their lease expires.
   */
  @Override
  public void close() {
    claimLoop.stop();
    // The whole deadline for the POSTs in flight (and a claim in progress): only what is still
    // unfinished when it passes goes back.
    inFlight.awaitEmpty(shutdownDeadline);
    try {
      // Outcomes that arrived by the deadline are written before the rest is released: released
      // first, their rows would be due again and sent twice.
      recorder.flush(FLUSH_AT_SHUTDOWN);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    returns.releaseAtShutdown(inFlight.remaining());
    try {
      recorder.stop(FLUSH_AT_SHUTDOWN);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
