package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.FlakyReceiver;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.RestartablePostgres;
import dev.webhookoutbox.it.support.RunnerJvm;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.DataSources;
import dev.webhookoutbox.jdbc.OutboxSchema;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Runner processes against a PostgreSQL of the test's own, which it restarts, and a receiver that
 * fails 10% of requests and hangs on 1%: a runner killed with SIGKILL loses nothing (its leases
 * expire and the others deliver its rows), a database restart loses nothing, and the only
 * duplicates are rows the killed runner had in flight.
 */
class ChaosIT {

  static final int MAX_ATTEMPTS = 6;
  static RestartablePostgres postgres;

  // Not a @TempDir: the runners' logs stay in target/ for whoever reads a failure.
  Path workDir;

  @BeforeEach
  void workDir(TestInfo test) throws Exception {
    workDir = Path.of("target", "chaos-it", test.getTestMethod().orElseThrow().getName());
    Files.createDirectories(workDir);
    try (var old = Files.list(workDir)) {
      for (Path file : old.toList()) {
        Files.delete(file);
      }
    }
  }

  @BeforeAll
  static void startPostgres() {
    postgres = RestartablePostgres.start();
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void threeRunnersLoseNothingWhenOneIsKilledAndPostgresRestarts() throws Exception {
    int total = 20_000;
    String url = createDatabase("chaos");
    try (HikariDataSource db = DataSources.pooled(url, postgres.user(), postgres.password(), 3);
        FlakyReceiver receiver = new FlakyReceiver(0.10, 0.01)) {
      OutboxSchema.migrate(db);
      enqueue(db, receiver, total);
      OutboxQueries sql = new OutboxQueries(db);
      List<RunnerJvm> runners = new ArrayList<>();
      try {
        for (int i = 1; i <= 3; i++) {
          runners.add(RunnerJvm.start(workDir, "chaos-" + i, env(url)));
        }
        long started = System.nanoTime();

        await().atMost(Duration.ofSeconds(60)).until(() -> finished(sql) >= total / 4);
        RunnerJvm victim = runners.get(0);
        victim.kill();
        long inFlightAtKill =
            sql.count(
                "SELECT count(*) FROM webhook_delivery WHERE status = 'IN_FLIGHT'"
                    + " AND lease_owner = ?",
                victim.runnerId());

        await().atMost(Duration.ofSeconds(60)).until(() -> finished(sql) >= total * 11 / 20);
        postgres.restart();
        Instant restarted = Instant.now();

        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(250))
            .ignoreExceptions()
            .until(() -> finished(sql) == total);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        for (RunnerJvm survivor : runners.subList(1, 3)) {
          assertThat(survivor.terminate(Duration.ofSeconds(20)))
              .as("%s exits 0 on SIGTERM", survivor.runnerId())
              .isZero();
        }

        assertNothingLostOrStuck(sql, receiver, total);
        Set<String> duplicated = duplicated(receiver);
        Set<String> lateAnswers = answeredAfterTimeout(sql, receiver, duplicated);
        System.out.printf(
            "chaos: %d deliveries in %d s; killed runner had %d in flight; %d duplicates, of which"
                + " %d after a 2xx that came too late (a recorded timeout); receiver saw %d"
                + " requests%n",
            total,
            seconds,
            inFlightAtKill,
            duplicated.size(),
            lateAnswers.size(),
            receiver.received());
        assertThat(inFlightAtKill).as("the kill hit a runner mid-batch").isPositive();
        // A 2xx that reaches the runner after its timeout is a duplicate any at-least-once sender
        // makes; the others can only be rows the killed runner had sent and not recorded.
        assertThat(duplicated.size() - lateAnswers.size())
            .as("webhook-ids answered 2xx more than once, other than after a timeout")
            .isLessThanOrEqualTo((int) inFlightAtKill);
        for (RunnerJvm survivor : runners.subList(1, 3)) {
          assertThat(
                  sql.count(
                      "SELECT count(*) FROM webhook_attempt WHERE runner_id = ? AND started_at > ?",
                      survivor.runnerId(),
                      java.sql.Timestamp.from(restarted)))
              .as("%s kept delivering after the restart", survivor.runnerId())
              .isPositive();
        }
      } finally {
        for (RunnerJvm runner : runners) {
          runner.close();
        }
      }
    }
  }

  @Test
  void aRunnerBacksOffWhilePostgresRestartsAndCarriesOn() throws Exception {
    int total = 6_000;
    String url = createDatabase("restart");
    try (HikariDataSource db = DataSources.pooled(url, postgres.user(), postgres.password(), 3);
        FlakyReceiver receiver = new FlakyReceiver(0, 0)) {
      OutboxSchema.migrate(db);
      enqueue(db, receiver, total);
      OutboxQueries sql = new OutboxQueries(db);
      try (RunnerJvm runner = RunnerJvm.start(workDir, "survivor", env(url))) {
        await().atMost(Duration.ofSeconds(60)).until(() -> finished(sql) >= total / 8);
        long finishedBeforeRestart = finished(sql);
        postgres.restart();
        Instant restarted = Instant.now();

        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .ignoreExceptions()
            .until(() -> finished(sql) == total);
        assertThat(runner.terminate(Duration.ofSeconds(20))).as("exit status").isZero();

        assertThat(finishedBeforeRestart).as("work left for after the restart").isLessThan(total);
        assertThat(runner.log())
            .as("the runner logged the failures and backed off")
            .containsPattern(
                "(Claiming due deliveries|Recording \\d+ outcomes) failed; retrying in");
        assertThat(
                sql.count(
                    "SELECT count(*) FROM webhook_attempt WHERE started_at > ?",
                    java.sql.Timestamp.from(restarted)))
            .as("attempts after the restart")
            .isPositive();
        assertNothingLostOrStuck(sql, receiver, total);
        Set<String> duplicated = duplicated(receiver);
        assertThat(duplicated)
            .as("sent twice, other than after a late answer")
            .isSubsetOf(answeredAfterTimeout(sql, receiver, duplicated));
      }
    }
  }

  /**
   * Every row is finished as the retry policy says, and the receiver's log accounts for each: none
   * pending, in flight or lost.
   */
  static void assertNothingLostOrStuck(OutboxQueries sql, FlakyReceiver receiver, int total) {
    assertThat(sql.count("SELECT count(*) FROM webhook_delivery")).isEqualTo(total);
    assertThat(
            sql.count(
                "SELECT count(*) FROM webhook_delivery WHERE status NOT IN ('DELIVERED','FAILED')"))
        .as("rows pending or in flight")
        .isZero();
    assertThat(
            sql.count(
                "SELECT count(*) FROM webhook_delivery WHERE status = 'DELIVERED'"
                    + " AND NOT (last_status_code BETWEEN 200 AND 299)"))
        .as("delivered rows whose last attempt was not a 2xx")
        .isZero();
    assertThat(
            sql.count(
                "SELECT count(*) FROM webhook_delivery WHERE status = 'FAILED'"
                    + " AND (attempt_count <> ? OR last_status_code BETWEEN 200 AND 299)",
                MAX_ATTEMPTS))
        .as("failed rows that had attempts left or succeeded")
        .isZero();

    Set<String> ids =
        sql.query("SELECT CAST(id AS varchar(36)) AS id FROM webhook_delivery").stream()
            .map(row -> (String) row.get("id"))
            .collect(Collectors.toSet());
    Set<String> seen = new HashSet<>();
    receiver.log().forEach(entry -> seen.add(entry.webhookId()));
    assertThat(seen).as("webhook-ids the receiver saw").isEqualTo(ids);
    Set<String> delivered =
        sql
            .query(
                "SELECT CAST(id AS varchar(36)) AS id FROM webhook_delivery"
                    + " WHERE status = 'DELIVERED'")
            .stream()
            .map(row -> (String) row.get("id"))
            .collect(Collectors.toSet());
    assertThat(receiver.successesById().keySet())
        .as("webhook-ids answered 2xx")
        .containsAll(delivered);
  }

  /** Webhook-ids the receiver answered 2xx more than once. */
  static Set<String> duplicated(FlakyReceiver receiver) {
    return receiver.successesById().entrySet().stream()
        .filter(e -> e.getValue() > 1)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  /**
   * Of {@code ids}, those with more attempts recorded as timeouts than requests the receiver left
   * unanswered: the receiver answered one of them, too late for the runner.
   */
  static Set<String> answeredAfterTimeout(
      OutboxQueries sql, FlakyReceiver receiver, Set<String> ids) {
    Map<String, Long> hung =
        receiver.log().stream()
            .filter(e -> e.status() == FlakyReceiver.HUNG)
            .collect(Collectors.groupingBy(FlakyReceiver.Entry::webhookId, Collectors.counting()));
    Set<String> late = new HashSet<>();
    for (Map<String, Object> row :
        sql.query(
            "SELECT CAST(delivery_id AS varchar(36)) AS id, count(*) AS timeouts"
                + " FROM webhook_attempt WHERE error_kind = 'TIMEOUT' GROUP BY delivery_id")) {
      String id = (String) row.get("id");
      if (ids.contains(id)
          && ((Number) row.get("timeouts")).longValue() > hung.getOrDefault(id, 0L)) {
        late.add(id);
      }
    }
    return late;
  }

  static long finished(OutboxQueries sql) {
    return sql.count(
        "SELECT count(*) FROM webhook_delivery WHERE status IN ('DELIVERED', 'FAILED')");
  }

  static void enqueue(HikariDataSource db, FlakyReceiver receiver, int count) throws Exception {
    WebhookOutbox outbox = WebhookOutbox.builder().options(TestRunners.options()).build();
    for (int from = 0; from < count; from += 1000) {
      List<WebhookRequest> batch = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + 1000); i++) {
        batch.add(
            WebhookRequest.builder(receiver.url("/hooks/" + i), "completed")
                .payload("{\"n\":" + i + "}")
                .build());
      }
      outbox.enqueueAllWithoutTransaction(db, batch);
    }
  }

  /** A database of its own for each test in the restartable server; its URL. */
  static String createDatabase(String name) throws Exception {
    try (Connection c =
        DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password())) {
      c.createStatement().execute("DROP DATABASE IF EXISTS " + name);
      c.createStatement().execute("CREATE DATABASE " + name);
    }
    return postgres.jdbcUrl().replaceFirst("/[^/?]+(\\?.*)?$", "/" + name);
  }

  /**
   * Short timeouts, lease and retry delays, so a kill and a restart play out in seconds: a hung
   * request ends after 3 s (less makes a loaded two-core machine time out on answers that are
   * merely late), a dead runner's rows are due again 10 s after their claim.
   */
  static Map<String, String> env(String url) {
    Map<String, String> env = new HashMap<>();
    env.put("WEBHOOKS_DB_URL", url);
    env.put("WEBHOOKS_DB_USER", postgres.user());
    env.put("WEBHOOKS_DB_PASSWORD", postgres.password());
    env.put("WEBHOOKS_DB_POOL_SIZE", "4");
    env.put("WEBHOOKS_MIGRATE_ON_START", "false");
    env.put("WEBHOOKS_RETENTION_ENABLED", "false");
    env.put("WEBHOOKS_HTTP_ALLOW_PLAIN_HTTP", "true");
    env.put("WEBHOOKS_HTTP_ALLOWLIST", "127.0.0.0/8");
    env.put("WEBHOOKS_HTTP_CONNECT_TIMEOUT", "2s");
    env.put("WEBHOOKS_HTTP_RESPONSE_TIMEOUT", "3s");
    env.put("WEBHOOKS_HTTP_TOTAL_TIMEOUT", "3s");
    env.put("WEBHOOKS_HTTP_MAX_CONNECTIONS_PER_HOST", "200");
    env.put("WEBHOOKS_DISPATCH_LEASE", "10s");
    env.put("WEBHOOKS_DISPATCH_BATCH_SIZE", "100");
    env.put("WEBHOOKS_DISPATCH_MAX_IN_FLIGHT", "200");
    env.put("WEBHOOKS_RETRY_MAX_ATTEMPTS", String.valueOf(MAX_ATTEMPTS));
    env.put("WEBHOOKS_RETRY_INITIAL_DELAY", "200ms");
    env.put("WEBHOOKS_RETRY_MAX_DELAY", "1s");
    env.put("WEBHOOKS_PROGRESS_INTERVAL", "2s");
    env.put("WEBHOOKS_SHUTDOWN_DEADLINE", "2s");
    return env;
  }
}
