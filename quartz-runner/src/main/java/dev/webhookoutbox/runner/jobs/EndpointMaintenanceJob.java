package dev.webhookoutbox.runner.jobs;

import dev.webhookoutbox.dispatch.Dispatcher;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * Disables endpoints that failed for too long, calls the endpoint listener for disablements, and
 * releases the parked deliveries of endpoints enabled again (see {@link
 * Dispatcher#maintainEndpoints()}). A cluster job: one runner of the cluster runs it at a time (and
 * it would be safe on several at once: each origin is disabled and notified once). Interruptible,
 * so that a listener that hangs does not hold up a shutdown.
 */
@DisallowConcurrentExecution
public final class EndpointMaintenanceJob extends InterruptibleJob {

  @Override
  void run(JobExecutionContext context) throws JobExecutionException {
    JobContexts.get(context, DrainJob.DISPATCHER_KEY, Dispatcher.class).maintainEndpoints();
  }

  @Override
  String failureMessage() {
    return "Endpoint maintenance failed; every step is repeated at the next fire";
  }
}
