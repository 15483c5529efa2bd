package dev.webhookoutbox.runner.jobs;

import dev.webhookoutbox.jdbc.OutboxMaintenance;
import dev.webhookoutbox.jdbc.Retention;
import org.quartz.DisallowConcurrentExecution;
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
public final class RetentionPurgeJob extends InterruptibleJob {

  public static final String MAINTENANCE_KEY = "webhook-outbox.maintenance";
  public static final String RETENTION_KEY = "webhook-outbox.retention";

  @Override
  void run(JobExecutionContext context) throws JobExecutionException {
    OutboxMaintenance maintenance =
        JobContexts.get(context, MAINTENANCE_KEY, OutboxMaintenance.class);
    Retention retention = JobContexts.get(context, RETENTION_KEY, Retention.class);
    maintenance.purge(retention, batch -> {});
  }

  @Override
  String failureMessage() {
    return "Retention purge failed; rows left now are deleted at the next fire";
  }
}
