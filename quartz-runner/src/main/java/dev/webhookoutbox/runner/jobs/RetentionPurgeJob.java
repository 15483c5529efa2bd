package dev.webhookoutbox.runner.jobs;

import dev.webhookoutbox.jdbc.Retention;
import dev.webhookoutbox.spi.RetentionPurge;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * Deletes finished deliveries older than the configured {@link Retention}, in small batches (see
 * {@link RetentionPurge}). A cluster job: one runner of the cluster runs it at a time. It reads its
 * collaborators from the scheduler context, so it runs the same under a RAM or a clustered JDBC job
 * store (with clustering off every runner purges, which is harmless: batches are short and a row is
 * deleted once). Interruptible: a runner shutting down stops a long purge between batches instead
 * of waiting for it; the rest is deleted at the next run, on any runner.
 */
@DisallowConcurrentExecution
public final class RetentionPurgeJob extends InterruptibleJob {

  public static final String TASK_KEY = "webhook-outbox.retention-purge";

  /** What the job runs: the store's purge with the runner's retention and clock. */
  public record Task(RetentionPurge purge, Retention retention, Clock clock) {

    public Task {
      Objects.requireNonNull(purge, "purge");
      Objects.requireNonNull(retention, "retention");
      Objects.requireNonNull(clock, "clock");
    }

    /** Deletes what is older than the retention now; returns how many deliveries. */
    public long run() {
      Instant now = clock.instant();
      return purge.purgeFinished(
          now.minus(retention.delivered()), now.minus(retention.failed()), retention.batchSize());
    }
  }

  @Override
  void run(JobExecutionContext context) throws JobExecutionException {
    JobContexts.get(context, TASK_KEY, Task.class).run();
  }

  @Override
  String failureMessage() {
    return "Retention purge failed; rows left now are deleted at the next fire";
  }
}
