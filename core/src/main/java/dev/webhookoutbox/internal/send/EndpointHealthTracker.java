package dev.webhookoutbox.internal.send;

import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.EndpointHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one runner knows about endpoint health: which origins are disabled cluster-wide (a copy
 * refreshed every few seconds, so the claim path reads memory, never the database), and what it
 * last reported for each origin, so that it reports changes only and repeats itself at most once
 * per report interval instead of writing once per delivery.
 */
public final class EndpointHealthTracker {

  private static final int MAX_TRACKED_ORIGINS = 10_000;

  private record Reported(boolean healthy, Instant at) {}

  private final Duration reportInterval;
  private final Map<String, Reported> reported = new ConcurrentHashMap<>();
  private volatile Set<String> disabled = Set.of();

  /**
   * @param reportInterval how often an origin's unchanged health is reported again
   */
  public EndpointHealthTracker(Duration reportInterval) {
    this.reportInterval = reportInterval;
  }

  /**
   * The report to write for this attempt, or {@code null} when the origin's reported health has not
   * changed and was reported less than a report interval ago. Any non-2xx answer counts as a
   * failure: an endpoint that answers 404 or 401 for days is as broken as one that is down.
   */
  public EndpointHealth observe(String origin, AttemptResult result, Instant now) {
    boolean healthy = result.isSuccess();
    Reported last = reported.get(origin);
    if (isCurrent(last, healthy, now)) {
      return null; // the common case: one map read, nothing to write
    }
    EndpointHealth[] report = new EndpointHealth[1];
    reported.compute(
        origin,
        (o, previous) -> {
          if (isCurrent(previous, healthy, now)) {
            return previous;
          }
          report[0] = new EndpointHealth(origin, healthy, now, healthy ? null : result.describe());
          return new Reported(healthy, now);
        });
    if (reported.size() > MAX_TRACKED_ORIGINS) {
      // Forgetting only costs one more report per origin that is still in use.
      reported.clear();
    }
    return report[0];
  }

  /** Reports that could not be written: the next attempt to these origins reports again. */
  public void forget(Collection<EndpointHealth> lost) {
    lost.forEach(r -> reported.remove(r.origin()));
  }

  public boolean isDisabled(String origin) {
    Set<String> current = disabled;
    return !current.isEmpty() && current.contains(origin);
  }

  public Set<String> disabled() {
    return disabled;
  }

  public void disabled(Set<String> origins) {
    this.disabled = Set.copyOf(origins);
  }

  private boolean isCurrent(Reported last, boolean healthy, Instant now) {
    return last != null
        && last.healthy() == healthy
        && now.isBefore(last.at().plus(reportInterval));
  }
}
