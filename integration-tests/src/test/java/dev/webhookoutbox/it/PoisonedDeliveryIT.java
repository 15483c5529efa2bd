package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.DeliveryStatus;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.dispatch.Dispatcher;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.RunnerJvm;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.JdbcOutboxStore;
import dev.webhookoutbox.jdbc.OutboxMaintenance;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.ExpiredLeases;
import dev.webhookoutbox.spi.FailedDelivery;
import dev.webhookoutbox.spi.OutgoingRequest;
import dev.webhookoutbox.spi.Settlement;
import dev.webhookoutbox.spi.WebhookSender;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lease recovery on the real tables: every claim that ends with an expired lease instead of an
 * attempt outcome counts; an outcome resets the count, a claim given back on purpose neither counts
 * nor resets it; at the limit the delivery is FAILED as poisoned, the failure listener hears of it,
 * and a replay starts afresh.
 */
class PoisonedDeliveryIT {

  static final Duration LEASE = Duration.ofSeconds(30);

  /** For a dispatcher that only calls the failure listener. */
  static final WebhookSender NEVER_SENDS =
      new WebhookSender() {
        @Override
        public CompletableFuture<AttemptResult> send(OutgoingRequest request) {
          throw new AssertionError("nothing is sent here");
        }

        @Override
        public void close() {}
      };

  @TempDir Path workDir;

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void aDeliveryWhoseLeasesKeepExpiringIsFailedAsPoisonedReportedAndReplayable(
      String name, Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get()) {
      UUID id = enqueue(db);
      JdbcOutboxStore store = new JdbcOutboxStore(db.dataSource());
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      Instant t = Instant.now();

      for (int lost = 1; lost <= 2; lost++) {
        t = claimAndLoseTheLease(store, id, t);
        assertThat(store.releaseExpiredLeases(t, 3)).isEqualTo(new ExpiredLeases(1, List.of()));
        assertThat(sql.delivery(id))
            .containsEntry("status", "PENDING")
            .containsEntry("lost_leases", lost)
            .containsEntry("failure_kind", null);
      }
      t = claimAndLoseTheLease(store, id, t);
      assertThat(store.releaseExpiredLeases(t, 3)).isEqualTo(new ExpiredLeases(0, List.of(id)));

      Map<String, Object> row = sql.delivery(id);
      assertThat(row)
          .containsEntry("status", "FAILED")
          .containsEntry("failure_kind", "POISONED")
          .containsEntry("lost_leases", 3)
          .containsEntry("attempt_count", 0)
          .containsEntry("lease_owner", null)
          .containsEntry("lease_until", null);
      assertThat((String) row.get("last_error"))
          .startsWith("POISONED: 3 claims in a row ended without an attempt outcome");
      assertThat(row.get("completed_at")).isNotNull();
      assertThat(
              sql.query(
                  "SELECT lost_leases, last_error FROM webhook_poisoned_delivery WHERE id = ?", id))
          .containsExactly(Map.of("lost_leases", 3, "last_error", row.get("last_error")));
      assertThat(store.claimDue("after", 10, t.plusSeconds(60), t.plus(LEASE))).isEmpty();

      List<FailedDelivery> heard = new CopyOnWriteArrayList<>();
      Dispatcher.builder(store, NEVER_SENDS)
          .runnerId("notifier")
          .clock(Clock.fixed(t, ZoneOffset.UTC))
          .failureListener(heard::add)
          .build()
          .notifyFailures();
      assertThat(heard).singleElement().satisfies(f -> assertThat(f.id()).isEqualTo(id));
      assertThat(heard.get(0).lastError()).startsWith("POISONED:");

      assertThat(new OutboxMaintenance(db.dataSource()).replay(id)).isTrue();
      assertThat(sql.delivery(id))
          .containsEntry("status", "PENDING")
          .containsEntry("lost_leases", 0)
          .containsEntry("failure_kind", null);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void onlyAnAttemptOutcomeResetsTheCountAndClaimsGivenBackOnPurposeDoNotCount(
      String name, Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get()) {
      UUID id = enqueue(db);
      JdbcOutboxStore store = new JdbcOutboxStore(db.dataSource());
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      Instant t = claimAndLoseTheLease(store, id, Instant.now());
      store.releaseExpiredLeases(t, 2);
      assertThat(sql.delivery(id)).containsEntry("lost_leases", 1);

      // Postponed, held back, parked: given back on purpose, neither counted nor reset.
      t = claim(store, id, t);
      store.releaseClaims("runner", List.of(id), t, t);
      assertThat(sql.delivery(id))
          .containsEntry("status", "PENDING")
          .containsEntry("lost_leases", 1);
      t = claim(store, id, t);
      store.settle("runner", List.of(Settlement.holdBack(id, t)), t);
      assertThat(sql.delivery(id))
          .containsEntry("status", "PENDING")
          .containsEntry("lost_leases", 1);
      t = claim(store, id, t);
      store.parkClaims("runner", Set.of("http://127.0.0.1:9"), List.of(id), t);
      assertThat(sql.delivery(id))
          .containsEntry("status", "PENDING")
          .containsEntry("lost_leases", 1);
      // A replay (here of the parked row) starts a new count.
      assertThat(new OutboxMaintenance(db.dataSource()).replay(id)).isTrue();
      assertThat(sql.delivery(id)).containsEntry("lost_leases", 0);
      t = claimAndLoseTheLease(store, id, t.plusSeconds(5));
      store.releaseExpiredLeases(t, 2);
      assertThat(sql.delivery(id)).containsEntry("lost_leases", 1);

      // An attempt outcome, here a retry, ends the run of lost claims.
      t = claim(store, id, t);
      store.recordOutcomes("runner", List.of(retry(id, t)), t);
      assertThat(sql.delivery(id))
          .containsEntry("status", "PENDING")
          .containsEntry("attempt_count", 1)
          .containsEntry("lost_leases", 0);

      t = claimAndLoseTheLease(store, id, t.plusSeconds(5));
      assertThat(store.releaseExpiredLeases(t, 2).poisoned()).isEmpty();
      t = claimAndLoseTheLease(store, id, t);
      assertThat(store.releaseExpiredLeases(t, 2).poisoned()).containsExactly(id);
      assertThat(sql.delivery(id))
          .containsEntry("failure_kind", "POISONED")
          .containsEntry("attempt_count", 1);
    }
  }

  /**
   * A webhook whose POST hangs every runner that sends it, each killed (SIGKILL) while it waits:
   * after three lost leases lease recovery fails it as poisoned, the other deliveries flow around
   * it, and a replay sends it again once the cause is gone.
   */
  @Test
  void aDeliveryThatKeepsTakingItsRunnerDownEndsPoisonedWhileTheOthersAreDelivered()
      throws Exception {
    Semaphore poisonArrived = new Semaphore(0);
    CountDownLatch unblock = new CountDownLatch(1);
    AtomicBoolean poisonous = new AtomicBoolean(true);
    try (TestDatabase db = TestDatabase.postgres();
        TestReceiver receiver =
            new TestReceiver()
                .respondWith(
                    request -> {
                      if (request.uri().getPath().equals("/poison") && poisonous.get()) {
                        poisonArrived.release();
                        hold(unblock); // holds the runner's attempt until the test kills it
                      }
                      return 200;
                    })) {
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      UUID poison = enqueue(db, receiver.url("/poison"));
      List<UUID> others = new ArrayList<>();
      for (int round = 1; round <= 3; round++) {
        for (int i = 0; i < 5; i++) {
          others.add(enqueue(db, receiver.url("/ok/" + round + "/" + i)));
        }
        try (RunnerJvm runner = RunnerJvm.start(workDir, "victim-" + round, env(db))) {
          assertThat(poisonArrived.tryAcquire(60, TimeUnit.SECONDS))
              .as("round %d: the poisoned webhook reached the receiver", round)
              .isTrue();
          // Kill it while it waits for the poisoned POST (well within its 4 s timeout), once the
          // others it claimed are recorded: only the poisoned row loses its lease.
          awaitQuietly(
              () ->
                  sql.count(
                          "SELECT count(*) FROM webhook_delivery WHERE status = 'IN_FLIGHT'"
                              + " AND id <> ?",
                          poison)
                      == 0);
          runner.kill();
        }
        assertThat(sql.delivery(poison))
            .as("round %d: the poisoned row is held by the dead runner", round)
            .containsEntry("status", "IN_FLIGHT");
      }

      try (RunnerJvm survivor = RunnerJvm.start(workDir, "survivor", env(db))) {
        await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(sql.status(poison)));
        Map<String, Object> row = sql.delivery(poison);
        assertThat(row)
            .containsEntry("failure_kind", "POISONED")
            .containsEntry("lost_leases", 3)
            .containsEntry("attempt_count", 0);
        assertThat((String) row.get("last_error")).startsWith("POISONED: 3 claims in a row");
        assertThat(sql.attempts(poison)).as("attempts recorded for the poisoned row").isEmpty();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> survivor.log().contains("failed for good as poisoned"));
        for (UUID other : others) {
          assertThat(sql.delivery(other))
              .containsEntry("status", "DELIVERED")
              .containsEntry("lost_leases", 0);
        }
        assertThat(poisonArrived.availablePermits()).as("poisoned POSTs after round 3").isZero();

        poisonous.set(false); // the cause is fixed: a replay delivers it
        assertThat(new OutboxMaintenance(db.dataSource()).replay(poison)).isTrue();
        assertThat(sql.delivery(poison))
            .containsEntry("lost_leases", 0)
            .containsEntry("failure_kind", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(sql.status(poison)));
      } finally {
        unblock.countDown();
      }
    }
  }

  /** A runner process that drains {@code db}: 4 s attempts, 9 s leases, its own lease recovery. */
  static Map<String, String> env(TestDatabase db) {
    return Map.ofEntries(
        Map.entry("WEBHOOKS_DB_URL", db.jdbcUrl()),
        Map.entry("WEBHOOKS_DB_USER", db.user()),
        Map.entry("WEBHOOKS_DB_PASSWORD", db.password()),
        Map.entry("WEBHOOKS_MIGRATE_ON_START", "false"),
        Map.entry("WEBHOOKS_RETENTION_ENABLED", "false"),
        Map.entry("WEBHOOKS_HTTP_ALLOW_PLAIN_HTTP", "true"),
        Map.entry("WEBHOOKS_HTTP_ALLOWLIST", "127.0.0.0/8"),
        Map.entry("WEBHOOKS_HTTP_CONNECT_TIMEOUT", "1s"),
        Map.entry("WEBHOOKS_HTTP_RESPONSE_TIMEOUT", "4s"),
        Map.entry("WEBHOOKS_HTTP_TOTAL_TIMEOUT", "4s"),
        Map.entry("WEBHOOKS_DISPATCH_LEASE", "9s"),
        Map.entry("WEBHOOKS_DISPATCH_MAX_LOST_LEASES", "3"),
        Map.entry("WEBHOOKS_CLUSTER_ENABLED", "false"));
  }

  /** Waits up to 2 s for {@code condition}; goes on either way. */
  static void awaitQuietly(Callable<Boolean> condition) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (!condition.call() && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  static void hold(CountDownLatch latch) {
    try {
      latch.await(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Claims the delivery a minute after {@code t}; returns when its lease has expired. */
  static Instant claimAndLoseTheLease(JdbcOutboxStore store, UUID id, Instant t) {
    Instant claimedAt = claim(store, id, t);
    return claimedAt.plus(LEASE).plusSeconds(1);
  }

  /** Claims the delivery a minute after {@code t}; returns the time of the claim. */
  static Instant claim(JdbcOutboxStore store, UUID id, Instant t) {
    Instant at = t.plusSeconds(60);
    assertThat(store.claimDue("runner", 10, at, at.plus(LEASE)))
        .extracting(ClaimedDelivery::id)
        .containsExactly(id);
    return at;
  }

  static AttemptOutcome retry(UUID id, Instant t) {
    return new AttemptOutcome(
        id,
        1,
        AttemptResult.response(t, Duration.ofMillis(5), 503, null, null),
        DeliveryStatus.PENDING,
        t,
        null);
  }

  static UUID enqueue(TestDatabase db) throws Exception {
    return enqueue(db, "http://127.0.0.1:9/poison");
  }

  static UUID enqueue(TestDatabase db, String url) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false); // as a host enqueues: in its own transaction
      UUID id =
          WebhookOutbox.builder()
              .options(TestRunners.options())
              .build()
              .enqueue(c, WebhookRequest.builder(url, "completed").payload("{}").build());
      c.commit();
      return id;
    }
  }
}
