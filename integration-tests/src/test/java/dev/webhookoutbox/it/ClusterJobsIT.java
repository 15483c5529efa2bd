package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.WebhookOutboxException;
import dev.webhookoutbox.it.support.ClusterNode;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.RecordingJob;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.DataSources;
import dev.webhookoutbox.runner.ClusterJob;
import dev.webhookoutbox.runner.ClusterSettings;
import dev.webhookoutbox.runner.WebhookRunner;
import dev.webhookoutbox.runner.jobs.LeaseRecoveryJob;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Maintenance jobs run on one runner of the cluster at a time, and another runner takes a job over
 * when the runner running it dies. The job under test is a {@link RecordingJob}, registered through
 * {@code WebhookRunner.Builder.clusterJob} like lease recovery and the retention purge; it records
 * which runner ran each fire and when, and runs for longer than its interval, so that any second
 * runner starting it would overlap.
 */
class ClusterJobsIT {

  private static final Duration CHECKIN = Duration.ofSeconds(1);
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration WORK = Duration.ofSeconds(3);
  private static final ClusterSettings SETTINGS =
      ClusterSettings.defaults().withCheckinInterval(CHECKIN);

  /** What the cluster promises, plus the job's interval and room for a busy machine. */
  private static final Duration TAKEOVER_BOUND =
      SETTINGS.failoverTime().plus(INTERVAL).plus(Duration.ofSeconds(5));

  /** The runner processes' logs, kept after the test for a look when it fails. */
  private final Path logs = Path.of("target", "cluster-it");

  record Run(String node, long scheduledAt, long startedAt, Long endedAt) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.SERVERS)
  void threeRunnerProcessesRunEachFireOnceAndASurvivorTakesOverFromAKilledRunner(
      String name, Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get()) {
      RecordingJob.createTable(db.dataSource());
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      Map<String, Process> nodes = new LinkedHashMap<>();
      try {
        for (String node : List.of("node-1", "node-2", "node-3")) {
          nodes.put(node, startNode(db, node));
        }
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> checkedIn(sql) == 3 && completedRuns(sql) >= 3);
        assertThat(triggers(sql))
            .as("only the cluster jobs are in the shared store, not the per-runner drain loop")
            .containsExactlyInAnyOrder("lease-recovery", "endpoint-maintenance", "recording");

        // Kill the runner that is running the job now, early in its run, with SIGKILL.
        Run running =
            await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> freshRunningRun(sql), Objects::nonNull);
        Process victim = nodes.get(running.node());
        victim.destroyForcibly();
        long killedAt = System.currentTimeMillis();
        assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Run takeover =
            await()
                .atMost(TAKEOVER_BOUND.plus(Duration.ofSeconds(30)))
                .until(() -> firstRunAfter(sql, killedAt), Objects::nonNull);
        long failoverMillis = takeover.startedAt() - killedAt;
        System.out.printf(
            "ClusterJobsIT: killed %s mid-run; %s took the job over after %d ms (bound %s)%n",
            running.node(), takeover.node(), failoverMillis, TAKEOVER_BOUND);
        assertThat(takeover.node()).isNotEqualTo(running.node());
        assertThat(Duration.ofMillis(failoverMillis)).isLessThanOrEqualTo(TAKEOVER_BOUND);
        assertThat(runs(sql))
            .filteredOn(r -> r.startedAt() == running.startedAt())
            .singleElement()
            .as("the killed runner never finished its run")
            .satisfies(r -> assertThat(r.endedAt()).isNull());

        long seen = completedRuns(sql);
        await().atMost(Duration.ofSeconds(60)).until(() -> completedRuns(sql) >= seen + 2);
        await().atMost(Duration.ofSeconds(60)).until(() -> checkedIn(sql) == 2);
        assertOneRunnerPerFireAndNoOverlap(runs(sql), running, killedAt);
      } finally {
        nodes.values().forEach(Process::destroyForcibly);
        for (Process p : nodes.values()) {
          p.waitFor(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  @Test
  void twoRunnersOnH2RunEachFireOnceAndTheSurvivorTakesOverFromAClosedRunner() throws Exception {
    try (TestDatabase db = TestDatabase.h2();
        HikariDataSource poolA = DataSources.pooled(db.jdbcUrl(), db.user(), db.password(), 6);
        HikariDataSource poolB = DataSources.pooled(db.jdbcUrl(), db.user(), db.password(), 6)) {
      RecordingJob.createTable(db.dataSource());
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      Duration work = Duration.ofMillis(1500);
      Map<String, WebhookRunner> runners = new LinkedHashMap<>();
      runners.put("h2-a", ClusterNode.build(poolA, "h2-a", CHECKIN, INTERVAL, work));
      runners.put("h2-b", ClusterNode.build(poolB, "h2-b", CHECKIN, INTERVAL, work));
      try {
        runners.values().forEach(WebhookRunner::start);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> checkedIn(sql) == 2 && completedRuns(sql) >= 3);

        Run running =
            await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> freshRunningRun(sql), Objects::nonNull);
        // Closing waits (bounded) for the run to end; the other runner then takes over.
        runners.remove(running.node()).close();
        long closedAt = System.currentTimeMillis();
        assertThat(checkedIn(sql))
            .as("a closed runner hands its triggers over and leaves the cluster at once")
            .isEqualTo(1);
        Run takeover =
            await()
                .atMost(TAKEOVER_BOUND.plus(Duration.ofSeconds(30)))
                .until(() -> firstRunAfter(sql, closedAt), Objects::nonNull);
        System.out.printf(
            "ClusterJobsIT (H2): closed %s; %s took the job over after %d ms%n",
            running.node(), takeover.node(), takeover.startedAt() - closedAt);
        assertThat(takeover.node()).isNotEqualTo(running.node());
        assertThat(Duration.ofMillis(takeover.startedAt() - closedAt))
            .isLessThanOrEqualTo(TAKEOVER_BOUND);
        assertThat(runs(sql))
            .filteredOn(r -> r.node().equals(running.node()))
            .as("closing waited for the closed runner's run to end")
            .allSatisfy(r -> assertThat(r.endedAt()).isNotNull());
        assertOneRunnerPerFireAndNoOverlap(runs(sql), null, 0);
      } finally {
        runners.values().forEach(WebhookRunner::close);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.SERVERS)
  void runnersStartingAtTheSameMomentOnAFreshDatabaseAllStartAndShareOneSchedule(
      String name, Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get()) {
      RecordingJob.createTable(db.dataSource());
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      List<WebhookRunner> runners = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runners.add(ClusterNode.build(db.dataSource(), "racer-" + i, CHECKIN, INTERVAL, WORK));
      }
      CyclicBarrier together = new CyclicBarrier(runners.size());
      ExecutorService starters = Executors.newFixedThreadPool(runners.size());
      try {
        List<Future<?>> started = new ArrayList<>();
        for (WebhookRunner runner : runners) {
          started.add(
              starters.submit(
                  () -> {
                    together.await();
                    runner.start();
                    return null;
                  }));
        }
        for (Future<?> f : started) {
          f.get(60, TimeUnit.SECONDS); // throws if a runner failed to start
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> checkedIn(sql) == 4);
        assertThat(triggers(sql))
            .containsExactlyInAnyOrder("lease-recovery", "endpoint-maintenance", "recording");
        await().atMost(Duration.ofSeconds(30)).until(() -> completedRuns(sql) >= 1);
      } finally {
        starters.shutdownNow();
        runners.forEach(WebhookRunner::close);
      }
    }
  }

  @Test
  void aRunnerRemovesClusterJobsItDoesNotRunReplacesUnloadableOnesAndOffUsesNoQuartzTable()
      throws Exception {
    try (TestDatabase db = TestDatabase.h2()) {
      RecordingJob.createTable(db.dataSource());
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      try (WebhookRunner old =
          ClusterNode.build(db.dataSource(), "old", CHECKIN, INTERVAL, Duration.ofMillis(10))) {
        old.start();
        assertThat(triggers(sql))
            .containsExactlyInAnyOrder("lease-recovery", "endpoint-maintenance", "recording");
      }
      try (WebhookRunner upgraded =
          TestRunners.fast(db.dataSource(), "upgraded").cluster(SETTINGS).build()) {
        upgraded.start();
        assertThat(triggers(sql))
            .containsExactlyInAnyOrder("lease-recovery", "endpoint-maintenance");
      }

      // A job class that no longer loads (renamed in a newer version) is replaced, not fatal.
      execute(
          db,
          "UPDATE QRTZ_JOB_DETAILS SET job_class_name = 'gone.RenamedJob'"
              + " WHERE job_name = 'lease-recovery'");
      try (WebhookRunner again =
          TestRunners.fast(db.dataSource(), "again").cluster(SETTINGS).build()) {
        again.start();
      }
      assertThat(
              sql.query(
                  "SELECT job_class_name FROM QRTZ_JOB_DETAILS WHERE job_name = 'lease-recovery'"))
          .extracting(r -> r.get("job_class_name"))
          .containsExactly(LeaseRecoveryJob.class.getName());

      execute(
          db,
          "DELETE FROM QRTZ_SIMPLE_TRIGGERS",
          "DELETE FROM QRTZ_TRIGGERS",
          "DELETE FROM QRTZ_JOB_DETAILS");
      List<WebhookRunner> local = new ArrayList<>();
      try {
        for (String node : List.of("local-a", "local-b")) {
          WebhookRunner runner =
              TestRunners.fast(db.dataSource(), node)
                  .cluster(ClusterSettings.local())
                  .clusterJob(
                      ClusterJob.every("recording", RecordingJob.class, INTERVAL)
                          .with(
                              RecordingJob.RECORDER_KEY,
                              new RecordingJob.Recorder(
                                  db.dataSource(), node, Duration.ofMillis(10), Clock.systemUTC())))
                  .build();
          local.add(runner);
          runner.start();
        }
        await()
            .atMost(Duration.ofSeconds(30))
            // The first runner may have run its recording job once before it closed, so the
            // local runners' runs are looked for among all the runs, not counted.
            .until(
                () ->
                    runs(sql).stream()
                        .map(Run::node)
                        .collect(Collectors.toSet())
                        .containsAll(List.of("local-a", "local-b")));
        assertThat(triggers(sql)).as("nothing in the shared store").isEmpty();
      } finally {
        local.forEach(WebhookRunner::close);
      }
    }
  }

  @Test
  void aClusteredRunnerWithoutTheQuartzTablesFailsToStartAndSaysWhy() throws Exception {
    try (TestDatabase db = TestDatabase.h2()) {
      execute(db, "DROP TABLE QRTZ_LOCKS");
      WebhookRunner runner = TestRunners.fast(db.dataSource(), "no-tables").build();
      assertThatThrownBy(runner::start)
          .isInstanceOf(WebhookOutboxException.class)
          .hasMessageContaining("QRTZ_")
          .hasMessageContaining("OutboxSchema.migrate");
    }
  }

  /**
   * No fire ran twice (Quartz gives each fire its own scheduled time), and no run started before
   * the previous one ended, whichever runners ran them. The run of a killed runner never ends: it
   * counts as ended when the runner was killed.
   */
  private static void assertOneRunnerPerFireAndNoOverlap(
      List<Run> runs, Run killed, long killedAt) {
    Set<Long> fires = new HashSet<>();
    for (Run run : runs) {
      assertThat(fires.add(run.scheduledAt())).as("fire %s ran once", run).isTrue();
    }
    for (int i = 1; i < runs.size(); i++) {
      Run before = runs.get(i - 1);
      long beforeEnded =
          before.endedAt() != null
              ? before.endedAt()
              : (killed != null && before.equals(killed) ? killedAt : Long.MAX_VALUE);
      assertThat(runs.get(i).startedAt())
          .as("%s starts after %s ended", runs.get(i), before)
          .isGreaterThanOrEqualTo(beforeEnded);
    }
    assertThat(runs.stream().map(Run::node).distinct().count())
        .as("more than one runner ran the job over the test")
        .isGreaterThan(1);
  }

  private Process startNode(TestDatabase db, String node) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.log.dev.webhookoutbox.runner=info",
                "-cp",
                System.getProperty("java.class.path"),
                ClusterNode.class.getName(),
                db.jdbcUrl(),
                db.user(),
                db.password(),
                node,
                Long.toString(CHECKIN.toMillis()),
                Long.toString(INTERVAL.toMillis()),
                Long.toString(WORK.toMillis())));
    Files.createDirectories(logs);
    File log = logs.resolve(node + ".log").toFile();
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
  }

  private static void execute(TestDatabase db, String... statements) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static long checkedIn(OutboxQueries sql) {
    return sql.count(
        "SELECT count(*) FROM QRTZ_SCHEDULER_STATE WHERE sched_name = ?",
        ClusterSettings.DEFAULT_NAME);
  }

  private static List<String> triggers(OutboxQueries sql) {
    return sql
        .query(
            "SELECT trigger_name FROM QRTZ_TRIGGERS WHERE sched_name = ?",
            ClusterSettings.DEFAULT_NAME)
        .stream()
        .map(r -> (String) r.get("trigger_name"))
        .toList();
  }

  private static long completedRuns(OutboxQueries sql) {
    return sql.count("SELECT count(*) FROM cluster_job_run WHERE ended_at IS NOT NULL");
  }

  private static List<Run> runs(OutboxQueries sql) {
    return sql.query("SELECT * FROM cluster_job_run ORDER BY started_at").stream()
        .map(
            r ->
                new Run(
                    (String) r.get("node"),
                    ((Number) r.get("scheduled_at")).longValue(),
                    ((Number) r.get("started_at")).longValue(),
                    r.get("ended_at") == null ? null : ((Number) r.get("ended_at")).longValue()))
        .toList();
  }

  /** A run in progress that started under half a second ago: far from its end. */
  private static Run freshRunningRun(OutboxQueries sql) {
    long now = System.currentTimeMillis();
    return runs(sql).stream()
        .filter(r -> r.endedAt() == null && now - r.startedAt() < 500)
        .findFirst()
        .orElse(null);
  }

  private static Run firstRunAfter(OutboxQueries sql, long time) {
    return runs(sql).stream().filter(r -> r.startedAt() > time).findFirst().orElse(null);
  }
}
