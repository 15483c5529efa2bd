package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.dispatch.DispatchSettings;
import dev.webhookoutbox.dispatch.EndpointSettings;
import dev.webhookoutbox.it.support.IntermediateGaps;
import dev.webhookoutbox.it.support.IntermediateGaps.Gap;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.WebhookRunner;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The throttle window holds where the receiver sees it: between the starts of two intermediate
 * POSTs of one subject to one URL, under load. Many subjects stream {@code output} and {@code logs}
 * updates at once from several host threads; three runners drain them to a busy receiver (a few
 * connections, slow and varying answers, a 503 now and then) so that claimed deliveries wait in the
 * runners' lanes for different times and some are retried. The gaps come from the recorded {@code
 * webhook_attempt.started_at} of every attempt, all taken from the same clock: no assertion depends
 * on how fast this machine is.
 */
class ThrottleWindowIT {

  private static final Duration WINDOW = Duration.ofMillis(500);

  /** Attempt start times are stored in microseconds: the only tolerance the gaps get. */
  private static final Duration CLOCK_GRANULARITY = Duration.ofMillis(1);

  private static final int SUBJECTS = 24;
  private static final int UPDATES_PER_SUBJECT = 60;
  private static final int HOST_THREADS = 4;
  private static final long UPDATE_PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(40);

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void intermediatePostsOfOneSubjectStartAtLeastOneWindowApartUnderLoad(
      String name, Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get();
        TestReceiver receiver = busyReceiver()) {
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      List<WebhookRunner> runners = new ArrayList<>();
      try {
        for (String id : List.of("throttle-a", "throttle-b", "throttle-c")) {
          WebhookRunner runner = busyRunner(db, id);
          runner.start();
          runners.add(runner);
        }
        Map<String, String> lastBodies = stream(db, receiver);

        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    sql.count(
                            "SELECT count(*) FROM webhook_delivery"
                                + " WHERE status IN ('PENDING', 'IN_FLIGHT')")
                        == 0);

        List<Gap> gaps = IntermediateGaps.of(sql, null);
        System.out.printf(
            "[%s] %s; %d updates superseded%n",
            name,
            IntermediateGaps.summary(gaps, WINDOW),
            sql.count(
                "SELECT count(*) FROM webhook_delivery"
                    + " WHERE event_kind = 'INTERMEDIATE' AND status = 'SUPERSEDED'"));
        assertThat(gaps).as("gaps measured").hasSizeGreaterThan(SUBJECTS);
        assertThat(gaps)
            .as("gaps between intermediate POSTs of one subject, by attempt start")
            .filteredOn(gap -> gap.length().compareTo(WINDOW.minus(CLOCK_GRANULARITY)) < 0)
            .isEmpty();
        assertLatestStateWins(sql, receiver, lastBodies);
        assertTerminalAfterIntermediates(sql);
      } finally {
        runners.forEach(WebhookRunner::close);
      }
    }
  }

  /**
   * Latest state wins: each subject's newest update carries its last body and was sent (its retry,
   * if the receiver asked for one, may give way to the terminal event), and every update was either
   * recorded or folded into a waiting one.
   */
  private static void assertLatestStateWins(
      OutboxQueries sql, TestReceiver receiver, Map<String, String> lastBodies) {
    List<String> bodies =
        receiver.received().stream()
            .map(r -> new String(r.body(), StandardCharsets.UTF_8))
            .toList();
    for (Map.Entry<String, String> subject : lastBodies.entrySet()) {
      Map<String, Object> newest =
          sql.query(
                  "SELECT payload, attempt_count FROM webhook_delivery WHERE subject = ?"
                      + " AND event_kind = 'INTERMEDIATE' ORDER BY created_at DESC",
                  subject.getKey())
              .get(0);
      assertThat(newest.get("payload"))
          .as("newest update of " + subject.getKey())
          .isEqualTo(subject.getValue());
      assertThat(((Number) newest.get("attempt_count")).intValue()).isPositive();
      assertThat(bodies).contains(subject.getValue());
      assertThat(
              sql.count(
                  "SELECT count(*) + sum(coalesced_count) FROM webhook_delivery"
                      + " WHERE subject = ? AND event_kind = 'INTERMEDIATE'",
                  subject.getKey()))
          .as("updates of " + subject.getKey() + " recorded or folded into a waiting one")
          .isEqualTo(UPDATES_PER_SUBJECT);
    }
  }

  /**
   * The terminal event goes out after the first attempt of every intermediate update of its subject
   * started (a retry may come later, or give way to it).
   */
  private static void assertTerminalAfterIntermediates(OutboxQueries sql) {
    assertThat(
            sql.count(
                "SELECT count(*) FROM webhook_attempt t"
                    + " JOIN webhook_delivery td ON td.id = t.delivery_id"
                    + " JOIN webhook_delivery d ON d.subject = td.subject AND d.url = td.url"
                    + " JOIN webhook_attempt a ON a.delivery_id = d.id"
                    + " WHERE td.event_kind = 'TERMINAL' AND t.attempt_number = 1"
                    + " AND d.event_kind = 'INTERMEDIATE' AND a.attempt_number = 1"
                    + " AND a.started_at > t.started_at"))
        .as("first intermediate POSTs that started after their subject's terminal one")
        .isZero();
  }

  /**
   * Host threads stream the updates of all subjects at once, each subject about every 40 ms, then
   * each subject's {@code completed}.
   *
   * @return per subject, the body of its last update
   */
  private static Map<String, String> stream(TestDatabase db, TestReceiver receiver)
      throws Exception {
    WebhookOutbox outbox = WebhookOutbox.builder().options(TestRunners.options()).build();
    String url = receiver.url("/hooks");
    Map<String, String> lastBodies = new LinkedHashMap<>();
    ExecutorService hosts = Executors.newFixedThreadPool(HOST_THREADS);
    try {
      List<Future<?>> streams = new ArrayList<>();
      for (int t = 0; t < HOST_THREADS; t++) {
        List<String> mine = new ArrayList<>();
        for (int s = t; s < SUBJECTS; s += HOST_THREADS) {
          String subject = "prediction-" + s;
          mine.add(subject);
          lastBodies.put(subject, body(subject, UPDATES_PER_SUBJECT));
        }
        streams.add(hosts.submit(() -> streamUpdates(db, outbox, url, mine)));
      }
      for (Future<?> f : streams) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      hosts.shutdownNow();
    }
    return lastBodies;
  }

  private static Void streamUpdates(
      TestDatabase db, WebhookOutbox outbox, String url, List<String> subjects)
      throws SQLException {
    long start = System.nanoTime();
    for (int n = 1; n <= UPDATES_PER_SUBJECT; n++) {
      // The host's pace; under load it only gets slower, which the assertions do not depend on.
      LockSupport.parkNanos(start + (n - 1) * UPDATE_PACE_NANOS - System.nanoTime());
      for (String subject : subjects) {
        String type = n % 3 == 0 ? "logs" : "output";
        enqueue(
            db,
            outbox,
            WebhookRequest.builder(url, type).subject(subject).payload(body(subject, n)).build());
      }
    }
    for (String subject : subjects) {
      enqueue(
          db,
          outbox,
          WebhookRequest.builder(url, "completed")
              .subject(subject)
              .payload("{\"subject\":\"" + subject + "\",\"done\":true}")
              .build());
    }
    return null;
  }

  private static void enqueue(TestDatabase db, WebhookOutbox outbox, WebhookRequest request)
      throws SQLException {
    try (Connection tx = db.dataSource().getConnection()) {
      tx.setAutoCommit(false);
      outbox.enqueue(tx, request);
      tx.commit();
    }
  }

  private static String body(String subject, int n) {
    return "{\"subject\":\"" + subject + "\",\"n\":" + n + "}";
  }

  /**
   * A few connections per runner, small claims, and retries after 50 ms: claimed deliveries wait in
   * the runner's lane for the busy origin for different times.
   */
  private static WebhookRunner busyRunner(TestDatabase db, String id) {
    return TestRunners.fast(db.dataSource(), id)
        .endpointSettings(
            new EndpointSettings(3, Duration.ofMillis(500), 1_000, Duration.ofSeconds(1)))
        .dispatchSettings(
            DispatchSettings.defaults()
                .withClaimBatchSize(16)
                .withMaxInFlight(32)
                .withLeaseDuration(Duration.ofSeconds(10))
                .withIdlePollInterval(Duration.ofMillis(20)))
        .build();
  }

  /**
   * Answers after 0 to 150 ms (decided by the request, so reruns see the same pattern), and 503 to
   * the first attempt of one update in eight, which is retried 50 ms later.
   */
  private static TestReceiver busyReceiver() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    return new TestReceiver()
        .respondWith(
            request -> {
              String id = request.header("webhook-id");
              int hash = Math.floorMod(id.hashCode(), 1000);
              try {
                Thread.sleep(hash % 150); // a slow receiver, not a synchronisation
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              boolean terminal =
                  new String(request.body(), StandardCharsets.UTF_8).contains("done");
              return seen.add(id) && !terminal && hash % 8 == 0 ? 503 : 200;
            });
  }
}
