package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.IntermediateGaps;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.SqlTime;
import dev.webhookoutbox.it.support.StatementLog;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.OutboxMaintenance;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.retry.RetryPreset;
import dev.webhookoutbox.runner.WebhookRunner;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Prediction-API delivery semantics end to end, on every database, with a real receiver: event
 * filters, throttled intermediate updates, ordering and stale suppression, Retry-After, 410, retry
 * presets stored on the row, dedupe keys and replay.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractDeliverySemanticsIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private TestDatabase db;
  private WebhookRunner runner;
  private OutboxQueries sql;
  private OutboxMaintenance admin;
  private final WebhookOutbox outbox =
      WebhookOutbox.builder().options(TestRunners.options()).build();
  private TestReceiver receiver;

  protected abstract TestDatabase openDatabase();

  @BeforeAll
  void startRunner() {
    db = openDatabase();
    sql = new OutboxQueries(db.dataSource());
    admin = new OutboxMaintenance(db.dataSource());
    runner = TestRunners.fast(db.dataSource(), getClass().getSimpleName()).build();
    runner.start();
  }

  @AfterAll
  void stopRunner() {
    if (runner != null) {
      runner.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void newReceiver() {
    receiver = new TestReceiver();
  }

  @AfterEach
  void closeReceiver() {
    receiver.close();
  }

  @Test
  void eventsOutsideTheFilterNeverReachTheTableOrTheReceiver() {
    String subject = subject("filter");
    List<String> wanted = List.of("start", "completed");
    UUID start = enqueue(event("start", subject, "{\"e\":\"start\"}").eventFilter(wanted));
    UUID output = enqueue(event("output", subject, "{\"e\":\"output\"}").eventFilter(wanted));
    UUID logs = enqueue(event("logs", subject, "{\"e\":\"logs\"}").eventFilter(wanted));
    UUID completed =
        enqueue(event("completed", subject, "{\"e\":\"completed\"}").eventFilter(wanted));

    awaitStatus(completed, "DELIVERED");
    awaitStatus(start, "DELIVERED");

    assertThat(output).isNull();
    assertThat(logs).isNull();
    assertThat(sql.query("SELECT event_type FROM webhook_delivery WHERE subject = ?", subject))
        .extracting(row -> row.get("event_type"))
        .containsExactlyInAnyOrder("start", "completed");
    assertThat(bodies()).containsExactly("{\"e\":\"start\"}", "{\"e\":\"completed\"}");
  }

  @Test
  void aHundredUpdatesInOneSecondArriveAsAtMostThreeThenTheTerminalEvent() {
    String subject = subject("throttle");
    long start = System.nanoTime();
    for (int n = 1; n <= 100; n++) {
      // The host's pace: one update every 9.5 ms, the last about 940 ms after the first.
      LockSupport.parkNanos(start + (n - 1) * 9_500_000L - System.nanoTime());
      enqueue(event("output", subject, "{\"output\":" + n + "}"));
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    UUID completed = enqueue(event("completed", subject, "{\"output\":\"done\"}"));

    awaitStatus(completed, "DELIVERED");

    // Every POST as recorded, by start time: one clock, no transport jitter.
    List<Map<String, Object>> posts =
        sql.query(
            "SELECT d.event_type, d.payload, a.started_at FROM webhook_attempt a"
                + " JOIN webhook_delivery d ON d.id = a.delivery_id WHERE d.subject = ?"
                + " ORDER BY a.started_at",
            subject);
    List<Map<String, Object>> outputs = posts.subList(0, posts.size() - 1);
    // A new row waits for the previous one to be claimed and is due one window later, so rows
    // (and POSTs, none fails here) number at most two more than the windows the updates took:
    // three for the 940 ms they take on an idle machine, more when a loaded one slows the host.
    assertThat(outputs).hasSizeBetween(1, (int) ((elapsedMs + 1) / 500) + 2);
    assertThat(outputs).extracting(p -> p.get("event_type")).containsOnly("output");
    assertThat(outputs.get(outputs.size() - 1).get("payload")).isEqualTo("{\"output\":100}");
    assertThat(posts.get(posts.size() - 1).get("payload")).isEqualTo("{\"output\":\"done\"}");
    assertThat(IntermediateGaps.of(sql, subject))
        .as("gaps between the starts of two output POSTs (stored in microseconds)")
        .allSatisfy(gap -> assertThat(gap.length()).isGreaterThan(Duration.ofMillis(499)));
    assertThat(bodies()).hasSize(posts.size());
    // Every update is accounted for: one row each, or folded into a waiting one.
    assertThat(
            sql.count(
                "SELECT count(*) + sum(coalesced_count) FROM webhook_delivery"
                    + " WHERE subject = ? AND event_type = 'output'",
                subject))
        .isEqualTo(100);
  }

  @Test
  void anOlderStateThatWouldBeSentAfterANewerOneIsSuperseded() {
    String subject = subject("stale");
    // "processing" fails once and is asked to come back in 2 s...
    receiver
        .respondWith(
            r -> bodyOf(r).contains("processing") && countBodies("processing") == 1 ? 503 : 200)
        .headersWith(r -> bodyOf(r).contains("processing") ? Map.of("Retry-After", "2") : Map.of());
    UUID processing = enqueue(event("status", subject, "{\"status\":\"processing\"}"));
    await().atMost(WAIT).until(() -> sql.attempts(processing).size() == 1);
    // ... meanwhile the prediction succeeds and that is delivered first.
    UUID succeeded = enqueue(event("completed", subject, "{\"status\":\"succeeded\"}"));
    awaitStatus(succeeded, "DELIVERED");

    awaitStatus(processing, "SUPERSEDED");

    Map<String, Object> row = sql.delivery(processing);
    assertThat((String) row.get("last_error"))
        .startsWith("superseded")
        .contains(succeeded.toString());
    assertThat(row.get("attempt_count")).isEqualTo(1);
    assertThat(sql.attempts(processing)).hasSize(1);
    assertThat(bodies())
        .containsExactly("{\"status\":\"processing\"}", "{\"status\":\"succeeded\"}");
  }

  @Test
  void strictOrderHoldsANewerEventBackUntilTheOlderOneIsDelivered() {
    String subject = subject("strict");
    receiver
        .respondWith(r -> bodyOf(r).contains("first") && countBodies("first") == 1 ? 503 : 200)
        .headersWith(r -> Map.of("Retry-After", "1"));
    UUID first = enqueue(event("status", subject, "{\"n\":\"first\"}").strictOrder());
    await().atMost(WAIT).until(() -> sql.attempts(first).size() == 1);
    UUID second = enqueue(event("status", subject, "{\"n\":\"second\"}").strictOrder());

    awaitStatus(second, "DELIVERED");

    assertThat(sql.status(first)).isEqualTo("DELIVERED");
    assertThat(bodies())
        .containsExactly("{\"n\":\"first\"}", "{\"n\":\"first\"}", "{\"n\":\"second\"}");
  }

  @Test
  void retryAfterInSecondsIsRespected() {
    receiver.respondWith(503, 200).headersWith(r -> Map.of("Retry-After", "2"));
    UUID id = enqueue(event("completed", subject("retry-after"), "{}"));

    awaitStatus(id, "DELIVERED");

    List<Map<String, Object>> attempts = sql.attempts(id);
    assertThat(attempts).hasSize(2);
    // Without Retry-After this runner retries after 50 ms. Recorded times, not arrival times: a
    // loaded machine delays a POST's arrival, which shortened the gap between two of them.
    assertThat(Duration.between(answeredAt(attempts.get(0)), startedAt(attempts.get(1))))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
  }

  @Test
  void retryAfterAsAnHttpDateIsRespected() {
    List<Instant> retryDates = new CopyOnWriteArrayList<>();
    receiver
        .respondWith(503, 200)
        .headersWith(
            r -> {
              OffsetDateTime date = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(3);
              retryDates.add(date.truncatedTo(ChronoUnit.SECONDS).toInstant());
              return Map.of("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(date));
            });
    UUID id = enqueue(event("completed", subject("retry-after-date"), "{}"));

    awaitStatus(id, "DELIVERED");

    List<Map<String, Object>> attempts = sql.attempts(id);
    assertThat(attempts).hasSize(2);
    // The date is the earliest the retry may start, whenever the 503 reached the runner.
    assertThat(startedAt(attempts.get(1))).isAfterOrEqualTo(retryDates.get(0).minusMillis(10));
  }

  @Test
  void goneStopsRetriesEvenUnderAPresetThatRetriesEveryFailure() {
    receiver.respondWith(r -> r.uri().getPath().equals("/gone") ? 410 : 404);
    UUID gone =
        enqueue(
            request(receiver.url("/gone"), "completed", subject("gone"), "{}")
                .retryPreset(RetryPreset.TERMINAL_ONLY));
    UUID notFound =
        enqueue(
            request(receiver.url("/not-found"), "completed", subject("not-found"), "{}")
                .retryPreset(RetryPreset.TERMINAL_ONLY));

    awaitStatus(gone, "FAILED");
    await().atMost(WAIT).until(() -> sql.attempts(notFound).size() == 1);

    assertThat(sql.attempts(gone)).hasSize(1);
    assertThat((String) sql.delivery(gone).get("last_error")).contains("410 Gone");
    // terminal-only retries a 404 (this runner's default policy would not), 5 s ± 10 % later.
    Map<String, Object> retried = sql.delivery(notFound);
    assertThat(retried.get("status")).isIn("PENDING", "IN_FLIGHT");
    // From when the runner had the answer (recorded), not when the POST started: a loaded
    // machine can hold the answer back for longer than the jitter.
    Instant answered = answeredAt(sql.attempts(notFound).get(0));
    assertThat(instant(retried.get("next_attempt_at")))
        .isBetween(answered.plusMillis(4490), answered.plusMillis(5900));
  }

  @Test
  void theRetryPresetStoredOnEachRowIsApplied() {
    receiver.respondWith(request -> 503);
    UUID update =
        enqueue(event("output", subject("preset-output"), "{}").retryPreset("terminal-only"));
    UUID threeRetries =
        enqueue(event("completed", subject("preset-3"), "{}").retryPreset("three-retries"));

    awaitStatus(update, "FAILED");
    await().atMost(WAIT).until(() -> sql.attempts(threeRetries).size() == 1);

    assertThat(sql.attempts(update)).hasSize(1);
    assertThat(sql.delivery(update)).containsEntry("retry_preset", "terminal-only");
    Instant attempted = instant(sql.attempts(threeRetries).get(0).get("started_at"));
    assertThat(instant(sql.delivery(threeRetries).get("next_attempt_at")))
        .isBetween(attempted.plusSeconds(7), attempted.plusSeconds(13));
  }

  @Test
  void aSecondEnqueueWithTheSameDedupeKeyReturnsTheFirstIdAndWritesNothing() throws Exception {
    String key = "dedupe-" + UUID.randomUUID();
    String subject = subject("dedupe");
    UUID first;
    UUID again;
    UUID other;
    try (Connection tx = db.dataSource().getConnection()) {
      tx.setAutoCommit(false);
      first = outbox.enqueue(tx, event("completed", subject, "{\"n\":1}").dedupeKey(key).build());
      again = outbox.enqueue(tx, event("completed", subject, "{\"n\":2}").dedupeKey(key).build());
      // The host's transaction is still usable after the duplicate (PostgreSQL would abort it
      // on a unique violation).
      other = outbox.enqueue(tx, event("completed", subject("after-dup"), "{\"n\":3}").build());
      tx.commit();
    }
    UUID later = enqueue(event("completed", subject, "{\"n\":4}").dedupeKey(key));

    awaitStatus(first, "DELIVERED");
    awaitStatus(other, "DELIVERED");

    assertThat(again).isEqualTo(first);
    assertThat(later).isEqualTo(first);
    assertThat(sql.count("SELECT count(*) FROM webhook_delivery WHERE dedupe_key = ?", key))
        .isEqualTo(1);
    assertThat(bodies()).containsExactlyInAnyOrder("{\"n\":1}", "{\"n\":3}");
  }

  @Test
  void concurrentEnqueuesWithOneDedupeKeyAgreeOnTheFirstId() throws Exception {
    String key = "dedupe-race-" + UUID.randomUUID();
    try (Connection a = db.dataSource().getConnection()) {
      a.setAutoCommit(false);
      UUID first =
          outbox.enqueue(a, event("completed", subject("race"), "{}").dedupeKey(key).build());
      CompletableFuture<UUID> second =
          CompletableFuture.supplyAsync(
              () -> enqueue(event("completed", subject("race"), "{}").dedupeKey(key)));
      // The second one waits for the first transaction to decide.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
      a.commit();
      assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo(first);
    }
    assertThat(sql.count("SELECT count(*) FROM webhook_delivery WHERE dedupe_key = ?", key))
        .isEqualTo(1);
  }

  @Test
  void aPlainTerminalEnqueueIsExactlyOneInsert() throws Exception {
    StatementLog log = new StatementLog();
    try (Connection tx = db.dataSource().getConnection()) {
      tx.setAutoCommit(false);
      Connection logged = log.wrap(tx);
      outbox.enqueue(logged, event("completed", subject("one-insert"), "{}").build());
      assertThat(log.executed()).containsExactly("INSERT");
      outbox.enqueue(logged, event("output", subject("two-statements"), "{}").build());
      assertThat(log.executed()).containsExactly("INSERT", "SELECT", "INSERT");
      tx.rollback();
    }
  }

  @Test
  void replayResendsUnderTheOriginalWebhookId() {
    receiver.respondWith(400);
    String subject = subject("replay");
    UUID id = enqueue(event("completed", subject, "{\"r\":1}"));
    awaitStatus(id, "FAILED");

    assertThat(admin.replay(id)).isTrue();
    awaitStatus(id, "DELIVERED");

    assertThat(receiver.received())
        .extracting(r -> r.header("webhook-id"))
        .containsExactly(id.toString(), id.toString());
    assertThat(sql.attempts(id))
        .extracting(a -> a.get("attempt_number"), a -> a.get("outcome"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "FAILED"),
            org.assertj.core.groups.Tuple.tuple(2, "DELIVERED"));
  }

  @Test
  void replayAllFailedDeliveriesOfAUrlOrASubjectSinceATime() {
    receiver.respondWith(400, 400, 400);
    String downUrl = receiver.url("/was-down");
    String subject = subject("replay-subject");
    UUID a = enqueue(request(downUrl, "completed", subject("replay-a"), "{\"d\":\"a\"}"));
    UUID b = enqueue(request(downUrl, "completed", subject("replay-b"), "{\"d\":\"b\"}"));
    UUID c = enqueue(request(receiver.url("/other"), "completed", subject, "{\"d\":\"c\"}"));
    awaitStatus(a, "FAILED");
    awaitStatus(b, "FAILED");
    awaitStatus(c, "FAILED");
    Instant failedBefore = Instant.now().minusSeconds(60);
    Instant later = Instant.now().plusSeconds(60);

    assertThat(admin.replayFailedToUrl(downUrl, later, later.plusSeconds(60))).isZero();
    assertThat(admin.replayFailedToUrl(downUrl, failedBefore, later)).isEqualTo(2);
    assertThat(admin.replayFailedForSubject(subject, failedBefore, later)).isEqualTo(1);
    awaitStatus(a, "DELIVERED");
    awaitStatus(b, "DELIVERED");
    awaitStatus(c, "DELIVERED");
    assertThat(admin.replay(UUID.randomUUID())).isFalse();
    assertThat(receiver.received())
        .extracting(r -> r.header("webhook-id"))
        .containsExactlyInAnyOrder(
            a.toString(), b.toString(), c.toString(), a.toString(), b.toString(), c.toString());
  }

  private UUID enqueue(WebhookRequest.Builder request) {
    try (Connection tx = db.dataSource().getConnection()) {
      tx.setAutoCommit(false);
      UUID id = outbox.enqueue(tx, request.build());
      tx.commit();
      return id;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private WebhookRequest.Builder event(String type, String subject, String payload) {
    return request(receiver.url("/hooks"), type, subject, payload);
  }

  private static WebhookRequest.Builder request(
      String url, String type, String subject, String payload) {
    return WebhookRequest.builder(url, type).subject(subject).payload(payload);
  }

  private static String subject(String name) {
    return name + "-" + UUID.randomUUID();
  }

  private List<String> bodies() {
    return receiver.received().stream().map(AbstractDeliverySemanticsIT::bodyOf).toList();
  }

  private long countBodies(String fragment) {
    return bodies().stream().filter(b -> b.contains(fragment)).count();
  }

  private static String bodyOf(TestReceiver.Received received) {
    return new String(received.body(), StandardCharsets.UTF_8);
  }

  private void awaitStatus(UUID id, String status) {
    await().atMost(WAIT).until(() -> status.equals(sql.status(id)));
  }

  private static Instant startedAt(Map<String, Object> attempt) {
    return instant(attempt.get("started_at"));
  }

  /** When the runner had the attempt's answer, by the attempt's recorded start and duration. */
  private static Instant answeredAt(Map<String, Object> attempt) {
    return startedAt(attempt).plusMillis(((Number) attempt.get("duration_ms")).longValue());
  }

  private static Instant instant(Object value) {
    return SqlTime.instant(value);
  }
}
