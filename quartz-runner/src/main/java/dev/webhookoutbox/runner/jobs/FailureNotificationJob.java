package dev.webhookoutbox.runner.jobs;

import dev.webhookoutbox.dispatch.Dispatcher;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * Calls the host's failure listener for deliveries that failed for good and were not notified yet
 * ({@link Dispatcher#notifyFailures()}). Interruptible, so that a runner shutting down does not
 * wait for a listener that hangs: the failure stays unmarked and is offered again after its
 * notification lease.
 */
@DisallowConcurrentExecution
public final class FailureNotificationJob extends InterruptibleJob {

  @Override
  void run(JobExecutionContext context) throws JobExecutionException {
    JobContexts.get(context, DrainJob.DISPATCHER_KEY, Dispatcher.class).notifyFailures();
  }

  @Override
  String failureMessage() {
    return "Notifying failed deliveries failed; they stay unmarked and are offered at the next fire";
  }
}
