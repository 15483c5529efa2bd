package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.dispatch.FailureNotificationSettings;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.OutboxMaintenance;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.WebhookRunner;
import dev.webhookoutbox.spi.DeliveryFailureListener;
import dev.webhookoutbox.spi.FailedDelivery;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The host's failure listener is called exactly once per failed delivery while all goes well, and
 * again by another runner when the first one could not finish the call (it threw, or it was stopped
 * mid-call as if the process died).
 */
class FailureListenerIT {

  static final FailureNotificationSettings QUICK =
      FailureNotificationSettings.defaults()
          .withPollInterval(Duration.ofMillis(100))
          .withLease(Duration.ofSeconds(1));

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void calledExactlyOncePerFailedDelivery(String name, Supplier<TestDatabase> database)
      throws Exception {
    try (TestDatabase db = database.get();
        TestReceiver receiver = new TestReceiver().respondWith(r -> 400)) {
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      Counting listener = new Counting();
      try (WebhookRunner runner = runner(db, "only", listener)) {
        runner.start();
        List<UUID> ids =
            List.of(
                enqueue(db, receiver, "a"), enqueue(db, receiver, "b"), enqueue(db, receiver, "c"));

        await().atMost(Duration.ofSeconds(20)).until(() -> notified(sql, ids));
        // Several more notification rounds pass without a second call.
        await()
            .during(Duration.ofSeconds(1))
            .atMost(Duration.ofSeconds(3))
            .until(() -> listener.calls.size() == 3);

        assertThat(listener.calls).containsOnlyKeys(ids);
        assertThat(listener.calls.values()).extracting(AtomicInteger::get).containsOnly(1);
        FailedDelivery first = listener.last.get(ids.get(0));
        assertThat(first.subject()).isEqualTo("a");
        assertThat(first.lastStatusCode()).isEqualTo(400);
        assertThat(first.lastError()).contains("permanent").contains("HTTP 400");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void aListenerThatThrowsLosesNothingAndANewRunnerCallsAgain(
      String name, Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get();
        TestReceiver receiver = new TestReceiver().respondWith(r -> 400)) {
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      AtomicInteger thrown = new AtomicInteger();
      UUID id;
      try (WebhookRunner crashing =
          runner(
              db,
              "throws",
              failure -> {
                thrown.incrementAndGet();
                throw new IllegalStateException("billing service unavailable");
              })) {
        crashing.start();
        id = enqueue(db, receiver, "refund-me");
        await().atMost(Duration.ofSeconds(20)).until(() -> thrown.get() >= 1);
      }
      assertThat(sql.delivery(id).get("failure_notified_at")).isNull();

      Counting listener = new Counting();
      try (WebhookRunner restarted = runner(db, "restarted", listener)) {
        restarted.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> notified(sql, List.of(id)));
        await()
            .during(Duration.ofSeconds(1))
            .atMost(Duration.ofSeconds(3))
            .until(() -> listener.count(id) == 1);
      }
      assertThat(thrown.get()).isGreaterThanOrEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void aRunnerStoppedBetweenFailureAndCallbackLeavesItToTheNextRunner(
      String name, Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get();
        TestReceiver receiver = new TestReceiver().respondWith(r -> 400)) {
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch never = new CountDownLatch(1);
      UUID id;
      try (WebhookRunner dying =
          runner(
              db,
              "dies",
              failure -> {
                entered.countDown();
                never.await(); // the process "dies" here: close() interrupts it
              })) {
        dying.start();
        id = enqueue(db, receiver, "mark-failed");
        await().atMost(Duration.ofSeconds(20)).until(() -> entered.getCount() == 0);
      }
      Map<String, Object> row = sql.delivery(id);
      assertThat(row.get("status")).isEqualTo("FAILED");
      assertThat(row.get("failure_notified_at")).isNull();

      Counting listener = new Counting();
      try (WebhookRunner next = runner(db, "next", listener)) {
        next.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> notified(sql, List.of(id)));
        await()
            .during(Duration.ofSeconds(1))
            .atMost(Duration.ofSeconds(3))
            .until(() -> listener.count(id) == 1);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void aReplayedDeliveryThatFailsAgainIsReportedAgain(String name, Supplier<TestDatabase> database)
      throws Exception {
    try (TestDatabase db = database.get();
        TestReceiver receiver = new TestReceiver().respondWith(r -> 400)) {
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      Counting listener = new Counting();
      try (WebhookRunner runner = runner(db, "replays", listener)) {
        runner.start();
        UUID id = enqueue(db, receiver, "twice");
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.count(id) == 1);

        assertThat(new OutboxMaintenance(db.dataSource()).replay(id)).isTrue();

        await().atMost(Duration.ofSeconds(20)).until(() -> listener.count(id) == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> notified(sql, List.of(id)));
        assertThat(sql.attempts(id)).hasSize(2);
      }
    }
  }

  private static WebhookRunner runner(
      TestDatabase db, String id, DeliveryFailureListener listener) {
    return TestRunners.fast(db.dataSource(), id)
        .failureListener(listener)
        .failureNotification(QUICK)
        .build();
  }

  private static boolean notified(OutboxQueries sql, List<UUID> ids) {
    return ids.stream().allMatch(id -> sql.delivery(id).get("failure_notified_at") != null);
  }

  private static UUID enqueue(TestDatabase db, TestReceiver receiver, String subject)
      throws Exception {
    try (Connection tx = db.dataSource().getConnection()) {
      tx.setAutoCommit(false);
      UUID id =
          WebhookOutbox.builder()
              .options(TestRunners.options())
              .build()
              .enqueue(
                  tx,
                  WebhookRequest.builder(receiver.url("/rejects"), "completed")
                      .subject(subject)
                      .payload("{\"prediction\":\"" + subject + "\"}")
                      .build());
      tx.commit();
      return id;
    }
  }

  /** Counts calls per delivery and keeps the last one. */
  static final class Counting implements DeliveryFailureListener {
    final Map<UUID, AtomicInteger> calls = new ConcurrentHashMap<>();
    final Map<UUID, FailedDelivery> last = new ConcurrentHashMap<>();

    @Override
    public void onPermanentFailure(FailedDelivery failure) {
      calls.computeIfAbsent(failure.id(), k -> new AtomicInteger()).incrementAndGet();
      last.put(failure.id(), failure);
    }

    int count(UUID id) {
      AtomicInteger n = calls.get(id);
      return n == null ? 0 : n.get();
    }
  }
}
