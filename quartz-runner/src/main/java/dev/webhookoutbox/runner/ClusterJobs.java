package dev.webhookoutbox.runner;

import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.quartz.InterruptableJob;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.JobPersistenceException;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerContext;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a runner's {@link ClusterJob}s on a scheduler. On the clustered scheduler several runners
 * start at once and each finds what the others stored: a job and its trigger are created only if
 * absent, so no runner's restart pushes a job's next run back, and a creation race is settled by
 * the database's keys (the loser finds the winner's job on its next try).
 */
final class ClusterJobs {

  static final String GROUP = "webhook-outbox";
  private static final Logger log = LoggerFactory.getLogger(ClusterJobs.class);
  private static final int ATTEMPTS = 5;

  private final List<ClusterJob> jobs;

  ClusterJobs(List<ClusterJob> jobs) {
    Set<String> names = new HashSet<>();
    for (ClusterJob job : jobs) {
      if (!names.add(job.name())) {
        throw new IllegalStateException("two cluster jobs are named " + job.name());
      }
    }
    this.jobs = List.copyOf(jobs);
  }

  int size() {
    return jobs.size();
  }

  /**
   * Schedules every job on {@code scheduler}; on a clustered one, keeps what other runners stored
   * and removes jobs of this library's group that this runner does not know (e.g. retention turned
   * off).
   */
  void install(Scheduler scheduler, boolean clustered) throws SchedulerException {
    putContext(scheduler.getContext());
    for (ClusterJob job : jobs) {
      withRetries(job.name(), () -> scheduleIfAbsent(scheduler, job));
    }
    if (clustered) {
      withRetries("stale jobs", () -> removeUnknown(scheduler));
    }
  }

  private void putContext(SchedulerContext context) {
    for (ClusterJob job : jobs) {
      for (Map.Entry<String, Object> e : job.context().entrySet()) {
        Object before = context.put(e.getKey(), e.getValue());
        if (before != null && before != e.getValue()) {
          throw new IllegalStateException(
              "cluster jobs disagree about the scheduler context entry " + e.getKey());
        }
      }
    }
  }

  private static void scheduleIfAbsent(Scheduler scheduler, ClusterJob job)
      throws SchedulerException {
    JobKey jobKey = new JobKey(job.name(), GROUP);
    TriggerKey triggerKey = new TriggerKey(job.name(), GROUP);
    JobDetail detail =
        JobBuilder.newJob(job.jobClass()).withIdentity(jobKey).storeDurably().build();
    if (!scheduler.checkExists(jobKey)) {
      scheduler.scheduleJob(detail, Set.of(trigger(job, new Date())), false);
      log.info("Scheduled cluster job {} every {}", job.name(), job.interval());
      return;
    }
    if (!storedClassIs(scheduler, jobKey, job.jobClass())) {
      scheduler.addJob(detail, true);
    }
    Trigger existing = scheduler.getTrigger(triggerKey);
    if (existing == null) {
      scheduler.scheduleJob(trigger(job, new Date()));
    } else if (!(existing instanceof SimpleTrigger simple)
        || simple.getRepeatInterval() != job.interval().toMillis()) {
      // Keeps the next fire time, so that runners configured differently cannot starve the job
      // by pushing it back at every start; the last runner started decides the interval.
      Date next = existing.getNextFireTime() != null ? existing.getNextFireTime() : new Date();
      scheduler.rescheduleJob(triggerKey, trigger(job, next));
      log.info("Cluster job {} now runs every {}", job.name(), job.interval());
    } else if (scheduler.getTriggerState(triggerKey) == Trigger.TriggerState.ERROR) {
      // e.g. a runner that could not load the job's class: runners that can should run it.
      scheduler.resetTriggerFromErrorState(triggerKey);
      log.warn("Cluster job {} was in error state; reset", job.name());
    }
  }

  /** False also when the stored class no longer loads, e.g. after it was renamed. */
  private static boolean storedClassIs(Scheduler scheduler, JobKey key, Class<?> jobClass)
      throws SchedulerException {
    try {
      JobDetail stored = scheduler.getJobDetail(key);
      return stored != null && stored.getJobClass().equals(jobClass);
    } catch (JobPersistenceException e) {
      if (e.getCause() instanceof ClassNotFoundException) {
        return false;
      }
      throw e;
    }
  }

  private void removeUnknown(Scheduler scheduler) throws SchedulerException {
    Set<String> known = new HashSet<>();
    jobs.forEach(job -> known.add(job.name()));
    for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
      if (!known.contains(key.getName()) && scheduler.deleteJob(key)) {
        log.info("Removed cluster job {}: this runner is not configured to run it", key.getName());
      }
    }
  }

  private static Trigger trigger(ClusterJob job, Date start) {
    return TriggerBuilder.newTrigger()
        .withIdentity(job.name(), GROUP)
        .forJob(job.name(), GROUP)
        .startAt(start)
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule()
                .withIntervalInMilliseconds(job.interval().toMillis())
                .repeatForever()
                // After a failover or a pause longer than the misfire threshold, run at once
                // (the schedule shifts to now) rather than wait for the next slot.
                .withMisfireHandlingInstructionNowWithExistingCount())
        .build();
  }

  private interface SchedulerStep {
    void run() throws SchedulerException;
  }

  /**
   * Runners starting together race to create Quartz's lock rows and the jobs; on PostgreSQL the
   * loser's transaction is aborted and Quartz gives up on it. A fresh transaction then succeeds.
   */
  private static void withRetries(String what, SchedulerStep step) throws SchedulerException {
    for (int attempt = 1; ; attempt++) {
      try {
        step.run();
        return;
      } catch (ObjectAlreadyExistsException e) {
        log.debug("Another runner created {} first", what);
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      } catch (JobPersistenceException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        log.debug("Scheduling {} failed (attempt {}); retrying", what, attempt, e);
        pause(Duration.ofMillis(100L * attempt));
      }
    }
  }

  private static void pause(Duration duration) throws SchedulerException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchedulerException("interrupted while scheduling cluster jobs", e);
    }
  }

  /**
   * Stops the clustered scheduler: no new runs, running jobs interrupted (those that can be), then
   * waits up to {@code bound} for them. A job still running after that finishes in the background;
   * the runner keeps checking in meanwhile, so no other runner starts the same job.
   */
  static void shutdown(Scheduler scheduler, Duration bound) {
    try {
      scheduler.standby();
      for (JobExecutionContext running : scheduler.getCurrentlyExecutingJobs()) {
        if (running.getJobInstance() instanceof InterruptableJob) {
          scheduler.interrupt(running.getFireInstanceId());
        }
      }
    } catch (SchedulerException e) {
      log.warn("Could not interrupt the running cluster jobs", e);
    }
    Thread stopper =
        new Thread(
            () -> {
              try {
                scheduler.shutdown(true);
              } catch (SchedulerException e) {
                log.warn("Clustered Quartz scheduler did not shut down cleanly", e);
              }
            },
            "webhook-cluster-shutdown");
    stopper.setDaemon(true);
    stopper.start();
    try {
      stopper.join(bound.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stopper.isAlive()) {
      log.warn("A cluster job is still running {} after shutdown began; not waiting for it", bound);
    }
  }
}
