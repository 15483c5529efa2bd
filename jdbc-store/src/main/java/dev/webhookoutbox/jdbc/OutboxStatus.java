package dev.webhookoutbox.jdbc;

import java.time.Duration;
import java.time.Instant;

/**
 * The outbox at a glance, across all runners: what {@code webhook-runner status} prints and the
 * metrics gauges report.
 *
 * @param pending deliveries waiting for an attempt (due or not)
 * @param due pending deliveries whose {@code next_attempt_at} has passed
 * @param inFlight deliveries claimed by some runner now
 * @param failedLastHour deliveries that failed for good in the hour before {@code at}
 * @param oldestDueAt the earliest {@code next_attempt_at} of a pending delivery, or {@code null}
 * @param at when this was read
 */
public record OutboxStatus(
    long pending, long due, long inFlight, long failedLastHour, Instant oldestDueAt, Instant at) {

  /** How long the oldest due delivery has waited; zero when nothing is due. */
  public Duration oldestDueAge() {
    if (oldestDueAt == null || oldestDueAt.isAfter(at)) {
      return Duration.ZERO;
    }
    return Duration.between(oldestDueAt, at);
  }
}
