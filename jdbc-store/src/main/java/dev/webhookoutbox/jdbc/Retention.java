package dev.webhookoutbox.jdbc;

import java.time.Duration;
import java.util.Objects;

/**
 * How long finished deliveries are kept before {@link OutboxMaintenance#purge} deletes them (with
 * their attempts).
 *
 * @param delivered age after completion at which delivered rows are deleted
 * @param failed age after completion at which failed rows are deleted; usually longer, they are the
 *     ones someone investigates or replays
 * @param batchSize rows deleted per transaction, so that no purge holds locks for long
 */
public record Retention(Duration delivered, Duration failed, int batchSize) {

  public static final int DEFAULT_BATCH_SIZE = 1000;

  public Retention {
    requirePositive(delivered, "delivered");
    requirePositive(failed, "failed");
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException(
          "batchSize must be between 1 and 100000, was " + batchSize);
    }
  }

  /** Delivered rows for 7 days, failed rows for 30 days, 1,000 rows per transaction. */
  public static Retention defaults() {
    return of(Duration.ofDays(7), Duration.ofDays(30));
  }

  public static Retention of(Duration delivered, Duration failed) {
    return new Retention(delivered, failed, DEFAULT_BATCH_SIZE);
  }

  private static void requirePositive(Duration age, String name) {
    Objects.requireNonNull(age, name);
    if (age.isNegative() || age.isZero()) {
      throw new IllegalArgumentException(name + " age must be positive, was " + age);
    }
  }
}
