package dev.webhookoutbox.spi;

import java.time.Instant;

/**
 * Optional capability of an {@link OutboxStore} (see {@link OutboxStore#capability}): deleting
 * finished deliveries once they are old enough, for the runner's retention purge job. Without it a
 * runner configured with a retention says at start that it purges nothing.
 */
public interface RetentionPurge {

  /**
   * Deletes delivered and superseded deliveries completed before {@code deliveredBefore} and failed
   * ones completed before {@code failedBefore}, with their attempts, in transactions of at most
   * {@code batchSize} rows so that no lock is held for long. Stops early, between batches, if the
   * thread is interrupted.
   *
   * @return how many deliveries were deleted
   */
  long purgeFinished(Instant deliveredBefore, Instant failedBefore, int batchSize);
}
