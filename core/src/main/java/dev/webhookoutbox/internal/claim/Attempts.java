package dev.webhookoutbox.internal.claim;

import dev.webhookoutbox.internal.record.OutcomeDecider;
import dev.webhookoutbox.internal.record.OutcomeRecorder;
import dev.webhookoutbox.internal.send.EndpointGuard;
import dev.webhookoutbox.internal.send.EndpointHealthTracker;
import dev.webhookoutbox.internal.send.RequestFactory;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.EndpointHealth;
import dev.webhookoutbox.spi.FatalErrorHandler;
import dev.webhookoutbox.spi.WebhookSender;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Starts the attempts of claimed deliveries and hands each result, decided by its retry preset, to
 * the {@link OutcomeRecorder}. What the {@link EndpointGuard} does not admit now either waits in
 * its origin's lane ({@link EndpointLanes}), going out when an attempt to that origin completes, or
 * is given back until the origin's circuit closes.
 *
 * <p>An attempt that fails with an error the process cannot survive ({@link
 * FatalErrorHandler#isFatal}) is not an attempt to record: it goes to the {@link FatalErrorHandler}
 * and its delivery stays held, to be given back unsent when {@code Dispatcher.close()} gives up on
 * it at the shutdown deadline.
 */
public final class Attempts {

  private final WebhookSender sender;
  private final OutcomeDecider decider;
  private final EndpointGuard endpoints;
  private final EndpointLanes lanes;
  private final EndpointHealthTracker health;
  private final OutcomeRecorder recorder;
  private final ClaimReturns returns;
  private final ClaimLoopSignals signals;
  private final Clock clock;
  private final FatalErrorHandler fatal;

  public Attempts(
      WebhookSender sender,
      OutcomeDecider decider,
      EndpointGuard endpoints,
      EndpointLanes lanes,
      EndpointHealthTracker health,
      OutcomeRecorder recorder,
      ClaimReturns returns,
      ClaimLoopSignals signals,
      Clock clock,
      FatalErrorHandler fatal) {
    this.sender = sender;
    this.decider = decider;
    this.endpoints = endpoints;
    this.lanes = lanes;
    this.health = health;
    this.recorder = recorder;
    this.returns = returns;
    this.signals = signals;
    this.clock = clock;
    this.fatal = fatal;
  }

  /**
   * Sends what the endpoint guard admits now, queues in memory what waits only for a busy origin,
   * and gives back the deliveries of open circuits.
   */
  void start(List<ClaimedDelivery> batch) {
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
          try {
            if (FatalErrorHandler.isFatal(error)) {
              fatal.fatalError("webhook sender", FatalErrorHandler.fatalCause(error));
              return;
            }
            completed(
                delivery, origin, result != null ? result : decider.internalFailure(start, error));
          } catch (VirtualMachineError e) {
            // Thrown here (e.g. by the send of the next delivery waiting for this origin), it
            // would only complete the future whenComplete returns, which nobody reads.
            fatal.fatalError("webhook sender", e);
          }
        });
  }

  /** On the HTTP client's thread: record, then give the origin's freed slot to the next waiting. */
  private void completed(ClaimedDelivery delivery, String origin, AttemptResult result) {
    Instant completedAt = clock.instant();
    endpoints.completed(origin, result, completedAt);
    EndpointHealth report = health.observe(origin, result, completedAt);
    if (report != null) {
      recorder.submitHealth(report);
    }
    recorder.submit(decider.decide(delivery, result));
    if (!signals.stopping()) {
      for (ClaimedDelivery next : lanes.next(origin, completedAt)) {
        send(next, origin);
      }
    }
  }
}
