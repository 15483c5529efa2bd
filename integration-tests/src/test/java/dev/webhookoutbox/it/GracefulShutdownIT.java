package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.dispatch.DispatchSettings;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.RunnerJvm;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.WebhookRunner;
import dev.webhookoutbox.runner.http.SenderSettings;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A runner stopped while busy (closed when embedded, SIGTERM when standalone) stops claiming, lets
 * in-flight POSTs finish until its deadline, and gives every other claimed row back due at once:
 * nothing waits for a lease to expire.
 */
class GracefulShutdownIT {

  /**
   * Slower than the short shutdown deadlines below, so that some POSTs are always cut off; far
   * slower than a poll (tens of milliseconds) and far faster than the default deadline (10 s).
   */
  static final Duration RECEIVER_DELAY = Duration.ofMillis(1500);

  /**
   * Fewer than the receiver's 32 threads: every POST in flight is answered after the delay, none
   * times out waiting for a thread.
   */
  static final int MAX_IN_FLIGHT = 30;

  @TempDir Path workDir;

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void closeLeavesNoRowInFlightAndEveryUnfinishedRowDueAtOnce(
      String name, Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get();
        TestReceiver receiver = slowReceiver()) {
      enqueue(db, receiver, 300);
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      WebhookRunner runner =
          TestRunners.fast(db.dataSource(), "closing")
              .senderSettings(patientTimeouts())
              .dispatchSettings(busy())
              .shutdownDeadline(Duration.ofMillis(500))
              .build();
      runner.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> delivered(sql) > 0 && inFlight(sql, "closing") > 0);

      long start = System.nanoTime();
      runner.close();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      Instant closed = Instant.now();

      assertThat(sql.count("SELECT count(*) FROM webhook_delivery WHERE status = 'IN_FLIGHT'"))
          .as("rows in flight after close()")
          .isZero();
      assertThat(
              sql.count(
                  "SELECT count(*) FROM webhook_delivery WHERE status = 'PENDING'"
                      + " AND next_attempt_at > ?",
                  Timestamp.from(closed)))
          .as("pending rows not due at once")
          .isZero();
      assertCutOffRowsWereGivenBack(sql, receiver);
      assertThat(took).as("close() took").isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void sigtermStopsABusyRunnerProcessWithinItsDeadlineWithExitStatusZero() throws Exception {
    try (TestDatabase db = TestDatabase.postgres();
        TestReceiver receiver = slowReceiver()) {
      enqueue(db, receiver, 1000);
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      try (RunnerJvm runner = RunnerJvm.start(workDir, "terminated", env(db))) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> delivered(sql) > 0 && inFlight(sql, "terminated") > 0);

        long start = System.nanoTime();
        int status = runner.terminate(Duration.ofSeconds(30));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Instant stopped = Instant.now();

        assertThat(status).as("exit status after SIGTERM").isZero();
        // The deadline is 1 s; the rest is the JVM, Quartz and the pools closing.
        assertThat(took).as("time to exit").isLessThan(Duration.ofSeconds(6));
        assertThat(runner.log())
            .contains("SIGTERM received")
            .containsPattern("Released \\d+ unfinished deliveries at shutdown");
        assertThat(sql.count("SELECT count(*) FROM webhook_delivery WHERE status = 'IN_FLIGHT'"))
            .as("rows in flight after the runner exited")
            .isZero();
        assertThat(
                sql.count(
                    "SELECT count(*) FROM webhook_delivery WHERE status = 'PENDING'"
                        + " AND next_attempt_at > ?",
                    Timestamp.from(stopped)))
            .as("pending rows not due at once")
            .isZero();
        assertCutOffRowsWereGivenBack(sql, receiver);
      }
    }
  }

  /**
   * POSTs slower than a poll and faster than the deadline are all waited for: no row is given back
   * while its POST runs, so nothing reaches the receiver twice when another runner drains the rest.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void closeWaitsForInFlightPostsThatFinishWithinTheDeadline(
      String name, Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get();
        TestReceiver receiver = slowReceiver()) {
      int total = 150;
      enqueue(db, receiver, total);
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      WebhookRunner runner =
          TestRunners.fast(db.dataSource(), "patient")
              .senderSettings(patientTimeouts())
              .dispatchSettings(busy())
              .shutdownDeadline(Duration.ofSeconds(10))
              .build();
      runner.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> receiver.count() > 0 && inFlight(sql, "patient") > 0);

      runner.close();

      assertThat(sql.count("SELECT count(*) FROM webhook_delivery WHERE status = 'IN_FLIGHT'"))
          .as("rows in flight after close()")
          .isZero();
      drainTheRest(db, "after-close");
      assertEachDeliveredOnce(sql, receiver, total);
    }
  }

  /** The same for a runner process stopped by SIGTERM, with the default 10 s deadline. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("sharedDatabases")
  void sigtermWaitsForInFlightPostsThatFinishWithinTheDeadline(
      String name, Function<Path, TestDatabase> database) throws Exception {
    try (TestDatabase db = database.apply(workDir);
        TestReceiver receiver = slowReceiver()) {
      int total = 150;
      enqueue(db, receiver, total);
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      Map<String, String> env = new HashMap<>(env(db));
      env.remove("WEBHOOKS_SHUTDOWN_DEADLINE"); // the default, 10 s
      try (RunnerJvm runner = RunnerJvm.start(workDir, "sigterm-patient", env)) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> receiver.count() > 0 && inFlight(sql, "sigterm-patient") > 0);

        assertThat(runner.terminate(Duration.ofSeconds(30)))
            .as("exit status after SIGTERM")
            .isZero();
      }

      assertThat(sql.count("SELECT count(*) FROM webhook_delivery WHERE status = 'IN_FLIGHT'"))
          .as("rows in flight after the runner exited")
          .isZero();
      drainTheRest(db, "after-sigterm");
      assertEachDeliveredOnce(sql, receiver, total);
    }
  }

  /** H2 as a file that runner processes open too, and PostgreSQL. */
  static Stream<Arguments> sharedDatabases() {
    return Stream.of(
        Arguments.of("H2", (Function<Path, TestDatabase>) TestDatabase::h2File),
        Arguments.of("PostgreSQL", (Function<Path, TestDatabase>) dir -> TestDatabase.postgres()));
  }

  /** Another runner delivers whatever the stopped one gave back. */
  static void drainTheRest(TestDatabase db, String runnerId) {
    OutboxQueries sql = new OutboxQueries(db.dataSource());
    try (WebhookRunner rest =
        TestRunners.fast(db.dataSource(), runnerId)
            .senderSettings(patientTimeouts())
            .dispatchSettings(
                DispatchSettings.defaults()
                    .withLeaseDuration(Duration.ofSeconds(30))
                    .withIdlePollInterval(Duration.ofMillis(20)))
            .build()) {
      rest.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  sql.count(
                          "SELECT count(*) FROM webhook_delivery"
                              + " WHERE status IN ('PENDING', 'IN_FLIGHT')")
                      == 0);
    }
  }

  /** Every row delivered by one attempt, and no webhook-id received twice. */
  static void assertEachDeliveredOnce(OutboxQueries sql, TestReceiver receiver, int total) {
    Map<String, Long> perId =
        receiver.received().stream()
            .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
    assertThat(perId.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
        .as("webhook-ids the receiver got more than once (of %d received)", perId.size())
        .isEmpty();
    assertThat(sql.count("SELECT count(*) FROM webhook_delivery WHERE status = 'DELIVERED'"))
        .isEqualTo(total);
    assertThat(sql.count("SELECT count(*) FROM webhook_attempt")).isEqualTo(total);
  }

  /** Claims of 10, up to {@link #MAX_IN_FLIGHT}, 30 s leases. */
  static DispatchSettings busy() {
    return DispatchSettings.defaults()
        .withLeaseDuration(Duration.ofSeconds(30))
        .withClaimBatchSize(10)
        .withMaxInFlight(MAX_IN_FLIGHT)
        .withIdlePollInterval(Duration.ofMillis(20));
  }

  /** Longer than {@link #RECEIVER_DELAY}: only the shutdown deadline cuts a POST off. */
  static SenderSettings patientTimeouts() {
    return SenderSettings.defaults()
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(8), Duration.ofSeconds(8));
  }

  /**
   * Rows whose POST the receiver got but the runner did not wait for are pending again, with no
   * attempt spent on them.
   */
  static void assertCutOffRowsWereGivenBack(OutboxQueries sql, TestReceiver receiver) {
    Set<String> sent =
        receiver.received().stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet());
    List<Map<String, Object>> pending =
        sql.query(
            "SELECT CAST(id AS varchar(36)) AS id, attempt_count FROM webhook_delivery"
                + " WHERE status = 'PENDING'");
    List<Map<String, Object>> cutOff = new ArrayList<>();
    for (Map<String, Object> row : pending) {
      if (sent.contains((String) row.get("id"))) {
        cutOff.add(row);
      }
    }
    assertThat(cutOff).as("rows sent, cut off by the deadline and given back").isNotEmpty();
    assertThat(cutOff).allSatisfy(row -> assertThat(row.get("attempt_count")).isEqualTo(0));
  }

  static TestReceiver slowReceiver() {
    return new TestReceiver()
        .respondWith(
            request -> {
              try {
                Thread.sleep(RECEIVER_DELAY.toMillis()); // a slow receiver, not a synchronisation
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return 200;
            });
  }

  static long delivered(OutboxQueries sql) {
    return sql.count("SELECT count(*) FROM webhook_delivery WHERE status = 'DELIVERED'");
  }

  static long inFlight(OutboxQueries sql, String runnerId) {
    return sql.count(
        "SELECT count(*) FROM webhook_delivery WHERE status = 'IN_FLIGHT' AND lease_owner = ?",
        runnerId);
  }

  static void enqueue(TestDatabase db, TestReceiver receiver, int count) throws Exception {
    WebhookOutbox outbox = WebhookOutbox.builder().options(TestRunners.options()).build();
    List<WebhookRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add(
          WebhookRequest.builder(receiver.url("/slow/" + i), "completed")
              .payload("{\"n\":" + i + "}")
              .build());
    }
    outbox.enqueueAllWithoutTransaction(db.dataSource(), requests);
  }

  static Map<String, String> env(TestDatabase db) {
    return Map.ofEntries(
        Map.entry("WEBHOOKS_DB_URL", db.jdbcUrl()),
        Map.entry("WEBHOOKS_DB_USER", db.user()),
        Map.entry("WEBHOOKS_DB_PASSWORD", db.password()),
        Map.entry("WEBHOOKS_MIGRATE_ON_START", "false"),
        Map.entry("WEBHOOKS_RETENTION_ENABLED", "false"),
        Map.entry("WEBHOOKS_HTTP_ALLOW_PLAIN_HTTP", "true"),
        Map.entry("WEBHOOKS_HTTP_ALLOWLIST", "127.0.0.0/8"),
        Map.entry("WEBHOOKS_HTTP_RESPONSE_TIMEOUT", "8s"),
        Map.entry("WEBHOOKS_HTTP_TOTAL_TIMEOUT", "8s"),
        Map.entry("WEBHOOKS_DISPATCH_LEASE", "30s"),
        Map.entry("WEBHOOKS_DISPATCH_BATCH_SIZE", "10"),
        Map.entry("WEBHOOKS_DISPATCH_MAX_IN_FLIGHT", Integer.toString(MAX_IN_FLIGHT)),
        Map.entry("WEBHOOKS_SHUTDOWN_DEADLINE", "1s"));
  }
}
