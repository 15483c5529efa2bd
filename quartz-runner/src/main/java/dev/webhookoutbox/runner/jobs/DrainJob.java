package dev.webhookoutbox.runner.jobs;

import dev.webhookoutbox.dispatch.Dispatcher;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * The one coarse trigger per node that supervises the claim loop. Its first fire runs the loop
 * until shutdown; if the loop ever ends unexpectedly, the next fire starts it again. Retries are
 * rows with a {@code next_attempt_at}, never triggers of their own.
 */
@DisallowConcurrentExecution
public final class DrainJob implements Job {

  public static final String DISPATCHER_KEY = "webhook-outbox.dispatcher";

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    Dispatcher dispatcher = JobContexts.get(context, DISPATCHER_KEY, Dispatcher.class);
    if (!dispatcher.isClaimLoopRunning()) {
      dispatcher.runClaimLoop();
    }
  }
}
