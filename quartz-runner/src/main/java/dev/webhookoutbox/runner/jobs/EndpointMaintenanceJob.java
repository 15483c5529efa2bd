package dev.webhookoutbox.runner.jobs;

import dev.webhookoutbox.dispatch.EndpointHealthSettings;
import dev.webhookoutbox.jdbc.EndpointMaintenance;
import dev.webhookoutbox.spi.EndpointListener;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * Disables endpoints that failed for too long, calls the endpoint listener for disablements, and
 * releases the parked deliveries of endpoints enabled again (see {@link EndpointMaintenance}). A
 * cluster job: one runner of the cluster runs it at a time (and it would be safe on several at
 * once: each origin is disabled and notified once). Interruptible, so that a listener that hangs
 * does not hold up a shutdown.
 */
@DisallowConcurrentExecution
public final class EndpointMaintenanceJob extends InterruptibleJob {

  public static final String TASK_KEY = "webhook-outbox.endpoint-maintenance";

  /** What the job runs: the maintenance with the runner's settings and listener. */
  public record Task(
      EndpointMaintenance maintenance, EndpointHealthSettings settings, EndpointListener listener) {

    public EndpointMaintenance.Result run() {
      return maintenance.run(settings, listener);
    }
  }

  @Override
  void run(JobExecutionContext context) throws JobExecutionException {
    JobContexts.get(context, TASK_KEY, Task.class).run();
  }

  @Override
  String failureMessage() {
    return "Endpoint maintenance failed; every step is repeated at the next fire";
  }
}
