package dev.webhookoutbox.runner.jobs;

import dev.webhookoutbox.failure.FailureNotifier;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * Calls the host's failure listener for deliveries that failed for good and were not notified yet.
 * Interruptible, so that a runner shutting down does not wait for a listener that hangs: the
 * failure stays unmarked and is offered again after its notification lease.
 */
@DisallowConcurrentExecution
public final class FailureNotificationJob extends InterruptibleJob {

  public static final String NOTIFIER_KEY = "webhook-outbox.failure-notifier";

  @Override
  void run(JobExecutionContext context) throws JobExecutionException {
    JobContexts.get(context, NOTIFIER_KEY, FailureNotifier.class).notifyPending();
  }

  @Override
  String failureMessage() {
    return "Notifying failed deliveries failed; they stay unmarked and are offered at the next fire";
  }
}
