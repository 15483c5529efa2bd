package dev.webhookoutbox.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * When an endpoint (a URL origin: scheme, host and port) that keeps failing is disabled for the
 * whole cluster, and how the runners learn about it.
 *
 * <p>Each runner reports an origin's health to the store only when it changes (first failure after
 * a success, first success after a failure) and otherwise at most once per {@code reportInterval}:
 * never one statement per delivery. An origin whose attempts have all failed for {@code
 * disableAfter} (its first and latest failure at least that far apart, no success since) is
 * disabled: its deliveries are parked without spending attempts until an admin enables it again.
 *
 * @param autoDisable whether failing origins are disabled at all; origins an admin disabled are
 *     respected either way
 * @param disableAfter how long an origin must have failed, without a success, to be disabled
 * @param checkInterval how often each runner re-reads the disabled origins, and how often the
 *     maintenance job disables failing origins and releases the deliveries of re-enabled ones
 * @param reportInterval how often a runner repeats an unchanged health report for an origin it
 *     keeps sending to, so that the stored last failure (and a success another runner missed) stays
 *     current
 */
public record EndpointHealthSettings(
    boolean autoDisable, Duration disableAfter, Duration checkInterval, Duration reportInterval) {

  public EndpointHealthSettings {
    Objects.requireNonNull(disableAfter, "disableAfter");
    Objects.requireNonNull(checkInterval, "checkInterval");
    Objects.requireNonNull(reportInterval, "reportInterval");
    requirePositive(disableAfter, "disableAfter");
    if (checkInterval.compareTo(Duration.ofMillis(10)) < 0) {
      throw new IllegalArgumentException("checkInterval must be at least 10ms");
    }
    requirePositive(reportInterval, "reportInterval");
  }

  /**
   * Disable after 5 days of failures (as Svix does), check every 5 s, repeat an unchanged report
   * every 5 minutes.
   */
  public static EndpointHealthSettings defaults() {
    return new EndpointHealthSettings(
        true, Duration.ofDays(5), Duration.ofSeconds(5), Duration.ofMinutes(5));
  }

  public EndpointHealthSettings withAutoDisable(boolean autoDisable) {
    return new EndpointHealthSettings(autoDisable, disableAfter, checkInterval, reportInterval);
  }

  public EndpointHealthSettings withDisableAfter(Duration disableAfter) {
    return new EndpointHealthSettings(autoDisable, disableAfter, checkInterval, reportInterval);
  }

  public EndpointHealthSettings withCheckInterval(Duration checkInterval) {
    return new EndpointHealthSettings(autoDisable, disableAfter, checkInterval, reportInterval);
  }

  public EndpointHealthSettings withReportInterval(Duration reportInterval) {
    return new EndpointHealthSettings(autoDisable, disableAfter, checkInterval, reportInterval);
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
  }
}
