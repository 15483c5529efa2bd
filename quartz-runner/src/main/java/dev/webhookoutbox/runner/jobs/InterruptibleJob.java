package dev.webhookoutbox.runner.jobs;

import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * A job that a runner shutting down can interrupt: {@code interrupt()} interrupts the thread
 * running {@link #run}, so a hanging listener or a long purge does not hold up {@code close()}. A
 * failure is reported to Quartz with {@link #failureMessage()}; every subclass's work is repeated
 * at its next fire, so nothing is lost.
 */
abstract class InterruptibleJob implements InterruptableJob {

  private volatile Thread worker;

  /** The work of one fire; collaborators come from the scheduler context. */
  abstract void run(JobExecutionContext context) throws JobExecutionException;

  /** What the failure of one fire means, for the log. */
  abstract String failureMessage();

  @Override
  public final void execute(JobExecutionContext context) throws JobExecutionException {
    worker = Thread.currentThread();
    try {
      run(context);
    } catch (RuntimeException e) {
      throw new JobExecutionException(failureMessage(), e);
    } finally {
      worker = null;
      Thread.interrupted(); // the pool thread is reused
    }
  }

  @Override
  public final void interrupt() {
    Thread thread = worker;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
