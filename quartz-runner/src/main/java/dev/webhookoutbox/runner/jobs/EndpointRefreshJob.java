package dev.webhookoutbox.runner.jobs;

import dev.webhookoutbox.dispatch.Dispatcher;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * Re-reads which endpoints are disabled, on every node: the claim loop checks that copy in memory
 * and parks their deliveries instead of sending them.
 */
@DisallowConcurrentExecution
public final class EndpointRefreshJob implements Job {

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    try {
      JobContexts.get(context, DrainJob.DISPATCHER_KEY, Dispatcher.class)
          .refreshDisabledEndpoints();
    } catch (RuntimeException e) {
      // The copy stays as it was until the next fire.
      throw new JobExecutionException("Reading the disabled endpoints failed; will retry", e);
    }
  }
}
