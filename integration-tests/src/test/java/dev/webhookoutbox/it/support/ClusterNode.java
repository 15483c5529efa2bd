package dev.webhookoutbox.it.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.jdbc.DataSources;
import dev.webhookoutbox.runner.ClusterJob;
import dev.webhookoutbox.runner.ClusterSettings;
import dev.webhookoutbox.runner.WebhookRunner;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * One runner of a test cluster, as its own process: {@code ClusterNode <jdbc-url> <user> <password>
 * <node-id> <checkin-ms> <job-interval-ms> <job-work-ms>}. It runs a {@link RecordingJob} as a
 * cluster job until its standard input closes (then it closes the runner cleanly) or it is killed.
 */
public final class ClusterNode {

  private ClusterNode() {}

  public static void main(String[] args) throws IOException {
    String node = args[3];
    HikariDataSource dataSource = DataSources.pooled(args[0], args[1], args[2], 6);
    WebhookRunner runner =
        build(dataSource, node, millis(args[4]), millis(args[5]), millis(args[6]));
    runner.start();
    System.out.println("node " + node + " started");
    System.out.flush();
    while (System.in.read() != -1) {
      // Runs until the parent closes our standard input or kills us.
    }
    runner.close();
    dataSource.close();
    System.out.println("node " + node + " stopped");
  }

  /** A fast test runner with the recording job, clustered with the given check-in interval. */
  public static WebhookRunner build(
      javax.sql.DataSource dataSource,
      String node,
      Duration checkin,
      Duration jobInterval,
      Duration jobWork) {
    return TestRunners.fast(dataSource, node)
        .cluster(ClusterSettings.defaults().withCheckinInterval(checkin))
        .clusterJob(
            ClusterJob.every("recording", RecordingJob.class, jobInterval)
                .with(
                    RecordingJob.RECORDER_KEY,
                    new RecordingJob.Recorder(dataSource, node, jobWork, Clock.systemUTC())))
        .build();
  }

  private static Duration millis(String value) {
    return Duration.ofMillis(Long.parseLong(value));
  }
}
