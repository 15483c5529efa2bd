package dev.webhookoutbox.runner.jobs;

import dev.webhookoutbox.jdbc.OutboxMaintenance;
import dev.webhookoutbox.jdbc.Retention;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * Deletes finished deliveries older than the configured {@link Retention}, in small batches (see
 * {@link OutboxMaintenance#purge}). A cluster job: one runner of the cluster runs it at a time. It
 * reads its collaborators from the scheduler context, so it runs the same under a RAM or a
 * clustered JDBC job store (with clustering off every runner purges, which is harmless: batches are
 * short and a row is deleted once). Interruptible: a runner shutting down stops a long purge
 * between batches instead of waiting for it; the rest is deleted at the next run, on any runner.
 */
@DisallowConcurrentExecution
public final class RetentionPurgeJob implements InterruptableJob {

  public static final String MAINTENANCE_KEY = "webhook-outbox.maintenance";
  public static final String RETENTION_KEY = "webhook-outbox.retention";

  private volatile Thread worker;

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    OutboxMaintenance maintenance =
        JobContexts.get(context, MAINTENANCE_KEY, OutboxMaintenance.class);
    Retention retention = JobContexts.get(context, RETENTION_KEY, Retention.class);
    worker = Thread.currentThread();
    try {
      maintenance.purge(retention, batch -> {});
    } catch (RuntimeException e) {
      // Rows left now are deleted at the next fire.
      throw new JobExecutionException("Retention purge failed; will retry at the next fire", e);
    } finally {
      worker = null;
      Thread.interrupted(); // the pool thread is reused
    }
  }

  @Override
  public void interrupt() {
    Thread thread = worker;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
