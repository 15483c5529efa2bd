package dev.webhookoutbox.runner.jobs;

import dev.webhookoutbox.failure.FailureNotifier;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * Calls the host's failure listener for deliveries that failed for good and were not notified yet.
 * Interruptible, so that a runner shutting down does not wait for a listener that hangs: the
 * failure stays unmarked and is offered again after its notification lease.
 */
@DisallowConcurrentExecution
public final class FailureNotificationJob implements InterruptableJob {

  public static final String NOTIFIER_KEY = "webhook-outbox.failure-notifier";

  private volatile Thread worker;

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    FailureNotifier notifier = JobContexts.get(context, NOTIFIER_KEY, FailureNotifier.class);
    worker = Thread.currentThread();
    try {
      notifier.notifyPending();
    } catch (RuntimeException e) {
      // The next fire tries again; nothing is lost, the failures stay unmarked.
      throw new JobExecutionException("Notifying failed deliveries failed; will retry", e);
    } finally {
      worker = null;
      Thread.interrupted();
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
