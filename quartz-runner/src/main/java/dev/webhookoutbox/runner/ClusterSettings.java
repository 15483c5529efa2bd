package dev.webhookoutbox.runner;

import java.time.Duration;
import java.util.Objects;

/**
 * How runners that share one database agree on who runs the maintenance jobs ({@link ClusterJob}s:
 * lease recovery, retention purge, ...). Clustered, each of those jobs runs on one runner at a time
 * through Quartz's clustered JDBC job store ({@code QRTZ_*} tables, created by migration {@code
 * V4__create_quartz_tables.sql}); every runner still drains the outbox with its own claim loop.
 *
 * <pre>{@code
 * WebhookRunner.builder(dataSource)
 *     .cluster(ClusterSettings.defaults().withName("billing-webhooks"))
 *     .build();
 * }</pre>
 *
 * <p>Failover: every runner checks in every {@code checkinInterval}. A runner that stopped checking
 * in is declared dead {@code checkinInterval} + 7.5 s (Quartz's fixed grace) after its last
 * check-in, by the next check-in of another runner, so within about {@code 2 × checkinInterval +
 * 7.5 s}; its jobs then run on a survivor at their next fire time, or, if that time has passed by
 * more than the misfire threshold (one check-in interval), within one more check-in interval. See
 * {@link #failoverTime()}.
 *
 * @param enabled {@code false} keeps the maintenance jobs on each runner's in-memory scheduler:
 *     every runner runs them (harmless, only redundant) and no {@code QRTZ_*} table is needed
 * @param name the cluster's name ({@code SCHED_NAME} in the {@code QRTZ_*} tables): runners with
 *     the same name on the same database form one cluster; at most 120 characters
 * @param checkinInterval how often each runner records that it is alive; at least 200 ms
 */
public record ClusterSettings(boolean enabled, String name, Duration checkinInterval) {

  /** The cluster name runners use unless configured otherwise. */
  public static final String DEFAULT_NAME = "webhook-outbox";

  /** Quartz declares an instance dead this long after its check-in interval has passed. */
  static final Duration QUARTZ_FAILURE_GRACE = Duration.ofMillis(7_500);

  public ClusterSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(checkinInterval, "checkinInterval");
    if (name.isBlank() || name.length() > 120) {
      throw new IllegalArgumentException(
          "cluster name must be 1 to 120 characters, was '" + name + "'");
    }
    if (checkinInterval.compareTo(Duration.ofMillis(200)) < 0) {
      throw new IllegalArgumentException(
          "cluster checkinInterval must be at least 200ms, was " + checkinInterval);
    }
  }

  /** Clustered, named {@value #DEFAULT_NAME}, checking in every 5 s. */
  public static ClusterSettings defaults() {
    return new ClusterSettings(true, DEFAULT_NAME, Duration.ofSeconds(5));
  }

  /** Maintenance jobs on every runner's own in-memory scheduler; no {@code QRTZ_*} tables used. */
  public static ClusterSettings local() {
    return defaults().withEnabled(false);
  }

  public ClusterSettings withEnabled(boolean enabled) {
    return new ClusterSettings(enabled, name, checkinInterval);
  }

  public ClusterSettings withName(String name) {
    return new ClusterSettings(enabled, name, checkinInterval);
  }

  public ClusterSettings withCheckinInterval(Duration checkinInterval) {
    return new ClusterSettings(enabled, name, checkinInterval);
  }

  /**
   * A job whose fire time is past by more than this is a misfire, handled by firing it at once.
   * Quartz's default is a minute, which would add up to two minutes to a failover.
   */
  public Duration misfireThreshold() {
    return checkinInterval;
  }

  /**
   * The longest a maintenance job waits after the runner running it died, before a survivor runs
   * it, not counting the job's own interval: {@code 2 × checkinInterval + 7.5 s} to declare the
   * runner dead, plus one misfire threshold. About 22.5 s with the defaults.
   */
  public Duration failoverTime() {
    return checkinInterval.multipliedBy(2).plus(QUARTZ_FAILURE_GRACE).plus(misfireThreshold());
  }
}
