package dev.webhookoutbox.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * How the runner calls the {@link dev.webhookoutbox.spi.DeliveryFailureListener}.
 *
 * @param pollInterval how often the runner looks for failures whose listener has not been called
 * @param batchSize most failures handled per look
 * @param lease how long one runner holds a failure while calling the listener; a listener that
 *     throws, or a runner that dies meanwhile, gets it called again after this
 * @param window failures older than this are not notified, so that adding a listener to an old
 *     outbox does not replay its whole history
 */
public record FailureNotificationSettings(
    Duration pollInterval, int batchSize, Duration lease, Duration window) {

  public FailureNotificationSettings {
    requirePositive(pollInterval, "pollInterval");
    requirePositive(lease, "lease");
    requirePositive(window, "window");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
    }
  }

  /** Every second, 100 at a time, 30 s lease, failures of the last 7 days. */
  public static FailureNotificationSettings defaults() {
    return new FailureNotificationSettings(
        Duration.ofSeconds(1), 100, Duration.ofSeconds(30), Duration.ofDays(7));
  }

  public FailureNotificationSettings withPollInterval(Duration pollInterval) {
    return new FailureNotificationSettings(pollInterval, batchSize, lease, window);
  }

  public FailureNotificationSettings withLease(Duration lease) {
    return new FailureNotificationSettings(pollInterval, batchSize, lease, window);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
