package dev.webhookoutbox.runner;

import dev.webhookoutbox.WebhookOutboxException;
import dev.webhookoutbox.dispatch.Dispatcher;
import dev.webhookoutbox.runner.jobs.DrainJob;
import dev.webhookoutbox.runner.jobs.EndpointRefreshJob;
import dev.webhookoutbox.runner.jobs.FailureNotificationJob;
import dev.webhookoutbox.spi.FatalErrorHandler;
import java.time.Duration;
import javax.sql.DataSource;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.listeners.SchedulerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two Quartz schedulers of a {@link WebhookRunner}: its own in-memory one, for the drain loop,
 * the disabled-endpoint refresh and the failure notifier (and the maintenance jobs when clustering
 * is off); and the clustered one on the database, for the maintenance jobs.
 */
final class RunnerSchedulers {

  private static final Logger log = LoggerFactory.getLogger(RunnerSchedulers.class);
  private static final String GROUP = "webhook-outbox";
  static final String FAILURE_NOTIFICATION = "failure-notification";
  static final String LEASE_RECOVERY = "lease-recovery";
  static final String RETENTION_PURGE = "retention-purge";
  static final String ENDPOINT_MAINTENANCE = "endpoint-maintenance";

  private final String runnerId;
  private final ClusterSettings cluster;
  private final DataSource dataSource;
  private final Duration shutdownDeadline;
  private final FatalErrorHandler fatal;
  private Scheduler scheduler;
  private Scheduler clusterScheduler;

  RunnerSchedulers(
      String runnerId,
      ClusterSettings cluster,
      DataSource dataSource,
      Duration shutdownDeadline,
      FatalErrorHandler fatal) {
    this.runnerId = runnerId;
    this.cluster = cluster;
    this.dataSource = dataSource;
    this.shutdownDeadline = shutdownDeadline;
    this.fatal = fatal;
  }

  /** Whether {@link #start} was called, even if it failed. */
  boolean started() {
    return scheduler != null;
  }

  /**
   * Schedules the jobs and starts both schedulers. On failure, what was created is left for {@link
   * #stopMaintenance()} and {@link #stop()}.
   *
   * @param failurePollInterval how often the failure listener is called; {@code null} without one
   */
  void start(
      Dispatcher dispatcher,
      Duration endpointCheckInterval,
      Duration failurePollInterval,
      ClusterJobs clusterJobs)
      throws SchedulerException {
    // The drain loop, the failure notifier and the disabled-endpoint refresh get one each.
    int localThreads = 3 + (cluster.enabled() ? 0 : clusterJobs.size());
    scheduler = QuartzSchedulers.local(runnerId, localThreads);
    scheduler.getListenerManager().addSchedulerListener(new FatalJobErrors());
    scheduler.getContext().put(DrainJob.DISPATCHER_KEY, dispatcher);
    scheduleEvery(DrainJob.class, "drain", Duration.ofSeconds(1));
    // Every runner keeps its own copy of the disabled endpoints.
    scheduleEvery(EndpointRefreshJob.class, "endpoint-refresh", endpointCheckInterval);
    if (failurePollInterval != null) {
      // Per runner, not clustered: the listener is this host's code.
      scheduleEvery(FailureNotificationJob.class, FAILURE_NOTIFICATION, failurePollInterval);
    }
    if (cluster.enabled()) {
      startClusterScheduler(clusterJobs);
    } else {
      clusterJobs.install(scheduler, false);
    }
    scheduler.start();
  }

  private void startClusterScheduler(ClusterJobs clusterJobs) {
    try {
      clusterScheduler =
          QuartzSchedulers.clustered(
              cluster, runnerId, dataSource, Math.max(2, clusterJobs.size()));
      clusterScheduler.getListenerManager().addSchedulerListener(new FatalJobErrors());
      clusterJobs.install(clusterScheduler, true);
      clusterScheduler.start();
    } catch (SchedulerException e) {
      throw new WebhookOutboxException(
          "Could not start the clustered Quartz scheduler of cluster '"
              + cluster.name()
              + "': "
              + e.getMessage()
              + ". If the QRTZ_ tables are missing: OutboxSchema.migrate creates them"
              + " (V4__create_quartz_tables.sql); ClusterSettings.local() (webhooks.cluster.enabled"
              + "=false) runs the maintenance jobs on every runner without them",
          e);
    }
  }

  private void scheduleEvery(Class<? extends Job> job, String name, Duration interval)
      throws SchedulerException {
    scheduler.scheduleJob(
        JobBuilder.newJob(job).withIdentity(name, GROUP).build(),
        TriggerBuilder.newTrigger()
            .withIdentity(name, GROUP)
            .startNow()
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(interval.toMillis())
                    .repeatForever()
                    .withMisfireHandlingInstructionNextWithRemainingCount())
            .build());
  }

  /**
   * Quartz catches whatever a job throws, logs it and fires the job again: the claim loop (the
   * drain job) would be restarted every second after an {@link OutOfMemoryError}. Such errors are
   * reported instead, so that the runner stops.
   */
  private final class FatalJobErrors extends SchedulerListenerSupport {
    @Override
    public void schedulerError(String message, SchedulerException cause) {
      VirtualMachineError error = FatalErrorHandler.fatalCause(cause);
      if (error != null) {
        fatal.fatalError("Quartz: " + message, error);
      }
    }
  }

  /** Stops the clustered scheduler, if any: hands its jobs over to the other runners. */
  void stopMaintenance() {
    if (clusterScheduler != null) {
      ClusterJobs.shutdown(clusterScheduler, shutdownDeadline);
    }
  }

  /** Stops this runner's own scheduler, interrupting the jobs that could take long. */
  void stop() {
    if (scheduler != null) {
      // A listener that hangs must not hang the shutdown; its failure is offered again later.
      // A long purge stops between batches; the next start goes on where it stopped. (The
      // maintenance jobs are on this scheduler only when clustering is off.)
      for (String job :
          new String[] {FAILURE_NOTIFICATION, ENDPOINT_MAINTENANCE, RETENTION_PURGE}) {
        try {
          scheduler.interrupt(new JobKey(job, GROUP));
        } catch (SchedulerException e) {
          log.warn("Could not interrupt the {} job", job, e);
        }
      }
      try {
        scheduler.shutdown(true);
      } catch (SchedulerException e) {
        log.warn("Quartz scheduler did not shut down cleanly", e);
      }
    }
  }
}
