package dev.webhookoutbox.runner.jobs;

import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/** Reads the runner's collaborators from the scheduler context, where the runner put them. */
final class JobContexts {

  private JobContexts() {}

  static <T> T get(JobExecutionContext context, String key, Class<T> type)
      throws JobExecutionException {
    try {
      Object value = context.getScheduler().getContext().get(key);
      if (value == null) {
        throw new JobExecutionException("scheduler context has no " + key);
      }
      return type.cast(value);
    } catch (SchedulerException e) {
      throw new JobExecutionException("cannot read the scheduler context", e);
    }
  }
}
