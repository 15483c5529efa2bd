package dev.webhookoutbox.dispatch;

import dev.webhookoutbox.ThrottleWindow;
import dev.webhookoutbox.internal.claim.Attempts;
import dev.webhookoutbox.internal.claim.ClaimLoop;
import dev.webhookoutbox.internal.claim.ClaimLoopSignals;
import dev.webhookoutbox.internal.claim.ClaimReturns;
import dev.webhookoutbox.internal.claim.DispatchReporting;
import dev.webhookoutbox.internal.claim.EndpointLanes;
import dev.webhookoutbox.internal.claim.InFlight;
import dev.webhookoutbox.internal.claim.LeaseRecovery;
import dev.webhookoutbox.internal.failure.FailingEndpoints;
import dev.webhookoutbox.internal.failure.FailureNotifier;
import dev.webhookoutbox.internal.order.SubjectOrdering;
import dev.webhookoutbox.internal.record.OutcomeDecider;
import dev.webhookoutbox.internal.record.OutcomeRecorder;
import dev.webhookoutbox.internal.send.EndpointGuard;
import dev.webhookoutbox.internal.send.EndpointHealthTracker;
import dev.webhookoutbox.spi.EndpointRegistry;
import dev.webhookoutbox.spi.FailureLedger;
import dev.webhookoutbox.spi.OutboxStore;
import dev.webhookoutbox.spi.SubjectOrderingStore;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of one {@link Dispatcher}, wired from its builder: the one place that looks up the
 * store's capabilities and turns the settings records into the values the {@code internal} classes
 * take, so that those never depend on this package.
 */
final class DispatchParts {

  // What is off for lack of a capability is the dispatcher's news, under its name.
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  final EndpointRegistry registry;
  final ClaimLoopSignals signals = new ClaimLoopSignals();
  final InFlight inFlight;
  final EndpointHealthTracker health;
  final ClaimReturns returns;
  final DispatchReporting reporting;
  final OutcomeRecorder recorder;
  final ClaimLoop claimLoop;
  final LeaseRecovery leases;

  /** {@code null} without a failure listener. */
  final FailureNotifier failures;

  /** {@code null} for a store without an {@link EndpointRegistry}. */
  final FailingEndpoints failingEndpoints;

  DispatchParts(DispatcherBuilder b) {
    OutboxStore store = b.store;
    String runnerId = b.runnerId;
    Clock clock = b.clock;
    DispatchSettings settings = b.settings;
    registry = capability(store, EndpointRegistry.class, "endpoints are never disabled");
    inFlight = new InFlight(settings.maxInFlight(), b.ticker);
    health = new EndpointHealthTracker(b.endpointHealth.reportInterval());
    returns = new ClaimReturns(store, registry, runnerId, clock, inFlight, health);
    reporting = new DispatchReporting(b.observer, inFlight, signals::slotsFreed, clock);
    recorder =
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
    EndpointSettings endpoints = b.endpointSettings;
    EndpointGuard guard = new EndpointGuard(limits(endpoints), reporting::circuitChanged);
    EndpointLanes lanes =
        new EndpointLanes(guard, endpoints.busyDeferral(), endpoints.maxInFlightPerEndpoint());
    Attempts attempts =
        new Attempts(
            b.sender,
            new OutcomeDecider(b.options.retryPresets(), clock, b.options.throttleWindow()),
            guard,
            lanes,
            health,
            recorder,
            returns,
            signals,
            clock,
            b.fatal);
    claimLoop =
        new ClaimLoop(
            store,
            runnerId,
            pace(settings),
            clock,
            inFlight,
            signals,
            lanes,
            returns,
            ordering(b),
            attempts);
    leases = new LeaseRecovery(store, clock, settings.maxLostLeases(), signals::wakeUp);
    failures = b.failureListener == null ? null : failureNotifier(b);
    failingEndpoints =
        registry == null
            ? null
            : new FailingEndpoints(
                registry,
                b.endpointHealth.autoDisable(),
                b.endpointHealth.disableAfter(),
                b.endpointListener,
                clock);
  }

  private static ClaimLoop.Pace pace(DispatchSettings settings) {
    return new ClaimLoop.Pace(
        settings.claimBatchSize(),
        settings.maxInFlight(),
        settings.leaseDuration(),
        settings.idlePollInterval(),
        settings.busyPollInterval());
  }

  private static EndpointGuard.Limits limits(EndpointSettings endpoints) {
    return new EndpointGuard.Limits(
        endpoints.maxInFlightPerEndpoint(),
        endpoints.busyDeferral(),
        endpoints.failureThreshold(),
        endpoints.openDuration());
  }

  private SubjectOrdering ordering(DispatcherBuilder b) {
    SubjectOrderingStore ordering =
        b.ordering.enabled()
            ? capability(b.store, SubjectOrderingStore.class, "subject ordering is off")
            : null;
    ThrottleWindow window = b.options.throttleWindow();
    return new SubjectOrdering(
        b.store, ordering, b.runnerId, b.clock, b.ordering.recheckDelay(), window);
  }

  private static FailureNotifier failureNotifier(DispatcherBuilder b) {
    FailureNotificationSettings settings = b.failureNotification;
    return new FailureNotifier(
        b.store.capability(FailureLedger.class).orElseThrow(),
        b.failureListener,
        b.runnerId,
        b.clock,
        settings.batchSize(),
        settings.lease(),
        settings.window());
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
}
