package dev.webhookoutbox.runner.jobs;

import dev.webhookoutbox.dispatch.Dispatcher;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * Makes rows leased by a runner that died due again once their lease has expired, and fails as
 * poisoned those whose claims kept ending that way (see {@link Dispatcher#recoverExpiredLeases()}).
 * A cluster job: one runner of the cluster runs it at a time.
 */
@DisallowConcurrentExecution
public final class LeaseRecoveryJob implements Job {

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    try {
      JobContexts.get(context, DrainJob.DISPATCHER_KEY, Dispatcher.class).recoverExpiredLeases();
    } catch (RuntimeException e) {
      // The next fire tries again; a failed recovery only delays redelivery.
      throw new JobExecutionException("Lease recovery failed; will retry at the next fire", e);
    }
  }
}
