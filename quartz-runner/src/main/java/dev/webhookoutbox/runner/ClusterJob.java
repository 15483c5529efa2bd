package dev.webhookoutbox.runner;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;

/**
 * A maintenance job that runs on one runner of the cluster at a time, every {@code interval} (see
 * {@link ClusterSettings}). Its collaborators travel in {@code context}: each runner puts them in
 * its own scheduler's context, where the job reads them with {@code
 * context.getScheduler().getContext().get(key)}; nothing but the job's class name and schedule is
 * stored in the database.
 *
 * <pre>{@code
 * ClusterJob.every("nightly-report", ReportJob.class, Duration.ofHours(24))
 *     .with(ReportJob.REPORTS_KEY, reports);
 * }</pre>
 *
 * <p>Every runner of a cluster should register the same cluster jobs: the job's class must load on
 * whichever runner fires it, and a runner that starts removes the cluster jobs it does not know.
 *
 * @param name unique among the runner's cluster jobs; the Quartz job and trigger name
 * @param jobClass annotated {@link DisallowConcurrentExecution}, so that a run that outlasts its
 *     interval is never overlapped by the next one, on this runner or another
 * @param interval time between the starts of two runs; at least 100 ms
 * @param context the collaborators the job reads from its scheduler's context
 */
public record ClusterJob(
    String name, Class<? extends Job> jobClass, Duration interval, Map<String, Object> context) {

  public ClusterJob {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(jobClass, "jobClass");
    Objects.requireNonNull(interval, "interval");
    if (name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("cluster job name must be 1 to 200 characters");
    }
    if (!jobClass.isAnnotationPresent(DisallowConcurrentExecution.class)) {
      throw new IllegalArgumentException(
          jobClass.getName()
              + " must be annotated @DisallowConcurrentExecution to be a cluster job");
    }
    if (interval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException(
          "cluster job " + name + ": interval must be at least 100ms, was " + interval);
    }
    context = Map.copyOf(context);
  }

  /** A job with no collaborators yet; add them with {@link #with}. */
  public static ClusterJob every(String name, Class<? extends Job> jobClass, Duration interval) {
    return new ClusterJob(name, jobClass, interval, Map.of());
  }

  /** This job with one more collaborator in its scheduler context. */
  public ClusterJob with(String key, Object value) {
    Map<String, Object> more = new HashMap<>(context);
    more.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new ClusterJob(name, jobClass, interval, more);
  }
}
