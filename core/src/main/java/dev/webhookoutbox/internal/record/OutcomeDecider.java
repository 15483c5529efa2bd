package dev.webhookoutbox.internal.record;

import dev.webhookoutbox.DeliveryStatus;
import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.ThrottleWindow;
import dev.webhookoutbox.internal.send.EndpointGuard;
import dev.webhookoutbox.retry.RetryDecision;
import dev.webhookoutbox.retry.RetryPolicy;
import dev.webhookoutbox.retry.RetryPresets;
import dev.webhookoutbox.spi.AttemptError;
import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.ClaimedDelivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns the result of one attempt into the outcome the recorder writes: the delivery's retry preset
 * decides whether it is delivered, retried (and when) or failed for good. A retry of an
 * intermediate update with a subject is due no earlier than one {@link ThrottleWindow} after the
 * attempt started: the receiver sees it as the subject's next update. Failed attempts are logged
 * here, once per attempt.
 */
public final class OutcomeDecider {

  private static final Logger log = LoggerFactory.getLogger(OutcomeDecider.class);

  private final RetryPresets retryPresets;
  private final Clock clock;
  private final ThrottleWindow window;

  public OutcomeDecider(RetryPresets retryPresets, Clock clock, ThrottleWindow window) {
    this.retryPresets = retryPresets;
    this.clock = clock;
    this.window = window;
  }

  public AttemptOutcome decide(ClaimedDelivery delivery, AttemptResult result) {
    int attemptNumber = delivery.nextAttemptNumber();
    RetryPolicy policy = retryPresets.policyFor(delivery.retryPreset(), delivery.eventKind());
    RetryDecision decision =
        throttled(
            delivery,
            result,
            policy.decide(attemptNumber, delivery.createdAt(), result, clock.instant()));
    DeliveryStatus status =
        switch (decision.verdict()) {
          case DELIVERED -> DeliveryStatus.DELIVERED;
          case RETRY -> DeliveryStatus.PENDING;
          case FAILED -> DeliveryStatus.FAILED;
        };
    logAttempt(delivery, attemptNumber, result, decision);
    return new AttemptOutcome(
        delivery.id(), attemptNumber, result, status, decision.nextAttemptAt(), decision.reason());
  }

  /** A retry of an intermediate update is its subject's next update: not within the window. */
  private RetryDecision throttled(
      ClaimedDelivery delivery, AttemptResult result, RetryDecision decision) {
    if (decision.verdict() != RetryDecision.Verdict.RETRY
        || delivery.subject() == null
        || delivery.eventKind() != EventKind.INTERMEDIATE) {
      return decision;
    }
    Instant windowEnd = window.endAfter(result.startedAt());
    return decision.nextAttemptAt().isBefore(windowEnd)
        ? new RetryDecision(RetryDecision.Verdict.RETRY, windowEnd, decision.reason())
        : decision;
  }

  /** The result of a send that threw, or whose future failed, instead of answering. */
  public AttemptResult internalFailure(Instant start, Throwable error) {
    return AttemptResult.failure(
        start,
        Duration.between(start, clock.instant()),
        AttemptError.INTERNAL,
        String.valueOf(error.getMessage()));
  }

  /**
   * Logs the URL's origin only: webhook URLs are often capabilities (a token in the path or query),
   * and logs are read by more people than the table is.
   */
  private static void logAttempt(
      ClaimedDelivery delivery, int attemptNumber, AttemptResult result, RetryDecision decision) {
    if (decision.verdict() == RetryDecision.Verdict.DELIVERED) {
      return;
    }
    MDC.put("deliveryId", delivery.id().toString());
    try {
      if (decision.verdict() == RetryDecision.Verdict.RETRY) {
        log.warn(
            "Attempt {} of delivery {} to {} failed ({}); retrying at {}",
            attemptNumber,
            delivery.id(),
            EndpointGuard.originOf(delivery.url()),
            result.describe(),
            decision.nextAttemptAt());
      } else {
        log.error(
            "Delivery {} to {} failed for good after attempt {}: {}",
            delivery.id(),
            EndpointGuard.originOf(delivery.url()),
            attemptNumber,
            decision.reason());
      }
    } finally {
      MDC.remove("deliveryId");
    }
  }
}
