package dev.webhookoutbox.it.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * A cluster job for tests: records which runner ran each fire, when it started and when it ended,
 * in {@code cluster_job_run}, and spends {@code work} in between, as a long maintenance job would.
 * Registered through the same {@code WebhookRunner.Builder.clusterJob} as the built-in jobs.
 */
@DisallowConcurrentExecution
public final class RecordingJob implements Job {

  public static final String RECORDER_KEY = "it.cluster-job-recorder";

  /** What a runner puts in its scheduler context for this job. */
  public record Recorder(DataSource dataSource, String node, Duration work, Clock clock) {}

  /** Creates the table the job writes to. */
  public static void createTable(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE cluster_job_run (fire_id varchar(200) PRIMARY KEY, node varchar(100)"
              + " NOT NULL, scheduled_at bigint NOT NULL, started_at bigint NOT NULL,"
              + " ended_at bigint)");
    }
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    Recorder recorder;
    try {
      recorder = (Recorder) context.getScheduler().getContext().get(RECORDER_KEY);
    } catch (SchedulerException e) {
      throw new JobExecutionException(e);
    }
    String fireId = context.getFireInstanceId() + "@" + recorder.node();
    try (Connection c = recorder.dataSource().getConnection()) {
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO cluster_job_run (fire_id, node, scheduled_at, started_at)"
                  + " VALUES (?, ?, ?, ?)")) {
        insert.setString(1, fireId);
        insert.setString(2, recorder.node());
        insert.setLong(3, context.getScheduledFireTime().getTime());
        insert.setLong(4, recorder.clock().millis());
        insert.executeUpdate();
      }
      // The job's work: what a purge of many batches would spend.
      Thread.sleep(recorder.work().toMillis());
      try (PreparedStatement end =
          c.prepareStatement("UPDATE cluster_job_run SET ended_at = ? WHERE fire_id = ?")) {
        end.setLong(1, recorder.clock().millis());
        end.setString(2, fireId);
        end.executeUpdate();
      }
    } catch (SQLException e) {
      throw new JobExecutionException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
