package dev.webhookoutbox.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * How the dispatch loop claims and records.
 *
 * @param claimBatchSize most rows claimed by one statement
 * @param maxInFlight most deliveries claimed and not yet recorded by this runner; bounds memory and
 *     the rows a crash can leave leased
 * @param leaseDuration how long a claim is valid; must outlast the sender's total attempt timeout
 * @param idlePollInterval wait after a claim found nothing due
 * @param busyPollInterval wait after a claim found fewer rows than it asked for
 * @param recordBatchSize most outcomes written by one transaction
 * @param recordLinger how long the recorder waits after a batch's first outcome for the batch to
 *     reach 100: fewer, larger transactions, whatever share of the load this runner carries
 * @param maxLostLeases claims of one delivery in a row that may end with an expired lease instead
 *     of an attempt outcome (its runner died or hung) before lease recovery fails it as poisoned
 */
public record DispatchSettings(
    int claimBatchSize,
    int maxInFlight,
    Duration leaseDuration,
    Duration idlePollInterval,
    Duration busyPollInterval,
    int recordBatchSize,
    Duration recordLinger,
    int maxLostLeases) {

  public DispatchSettings {
    requirePositive(claimBatchSize, "claimBatchSize");
    requirePositive(maxLostLeases, "maxLostLeases");
    requirePositive(maxInFlight, "maxInFlight");
    requirePositive(recordBatchSize, "recordBatchSize");
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    Objects.requireNonNull(idlePollInterval, "idlePollInterval");
    Objects.requireNonNull(busyPollInterval, "busyPollInterval");
    Objects.requireNonNull(recordLinger, "recordLinger");
    if (recordLinger.isNegative() || recordLinger.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("recordLinger must be 0 to 1s, was " + recordLinger);
    }
    if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("leaseDuration must be at least 1s, was " + leaseDuration);
    }
  }

  /**
   * Defaults tuned on a 2-core machine: claims of 500, up to 1,000 in flight, 30 s leases, 50 ms
   * idle polls and 5 ms while there is a trickle of work, outcomes written after up to 20 ms, a
   * delivery poisoned after 3 lost leases in a row.
   */
  public static DispatchSettings defaults() {
    return new DispatchSettings(
        500,
        1000,
        Duration.ofSeconds(30),
        Duration.ofMillis(50),
        Duration.ofMillis(5),
        1000,
        Duration.ofMillis(20),
        3);
  }

  public DispatchSettings withLeaseDuration(Duration lease) {
    return new DispatchSettings(
        claimBatchSize,
        maxInFlight,
        lease,
        idlePollInterval,
        busyPollInterval,
        recordBatchSize,
        recordLinger,
        maxLostLeases);
  }

  public DispatchSettings withIdlePollInterval(Duration idle) {
    return new DispatchSettings(
        claimBatchSize,
        maxInFlight,
        leaseDuration,
        idle,
        busyPollInterval,
        recordBatchSize,
        recordLinger,
        maxLostLeases);
  }

  public DispatchSettings withClaimBatchSize(int size) {
    return new DispatchSettings(
        size,
        maxInFlight,
        leaseDuration,
        idlePollInterval,
        busyPollInterval,
        recordBatchSize,
        recordLinger,
        maxLostLeases);
  }

  public DispatchSettings withMaxInFlight(int max) {
    return new DispatchSettings(
        claimBatchSize,
        max,
        leaseDuration,
        idlePollInterval,
        busyPollInterval,
        recordBatchSize,
        recordLinger,
        maxLostLeases);
  }

  public DispatchSettings withRecordLinger(Duration linger) {
    return new DispatchSettings(
        claimBatchSize,
        maxInFlight,
        leaseDuration,
        idlePollInterval,
        busyPollInterval,
        recordBatchSize,
        linger,
        maxLostLeases);
  }

  public DispatchSettings withMaxLostLeases(int max) {
    return new DispatchSettings(
        claimBatchSize,
        maxInFlight,
        leaseDuration,
        idlePollInterval,
        busyPollInterval,
        recordBatchSize,
        recordLinger,
        max);
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }
}
