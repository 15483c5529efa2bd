package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.InvalidWebhookException;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.WebhookRunner;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pipeline end to end — enqueue in the host's transaction, claim, signed POST to a real
 * receiver, attempt rows, retry or final status — written once and run on every database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractPipelineIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private TestDatabase db;
  private WebhookRunner runner;
  private OutboxQueries sql;
  private final WebhookOutbox outbox =
      WebhookOutbox.builder().options(TestRunners.options()).build();
  private TestReceiver receiver;

  protected abstract TestDatabase openDatabase();

  @BeforeAll
  void startRunner() {
    db = openDatabase();
    sql = new OutboxQueries(db.dataSource());
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
  void rolledBackEnqueueWritesNothingAndSendsNothing() throws Exception {
    String subject = "rollback-" + UUID.randomUUID();
    try (Connection tx = db.dataSource().getConnection()) {
      tx.setAutoCommit(false);
      outbox.enqueue(tx, request(receiver.url("/rolled-back"), subject, "{\"n\":1}"));
      tx.rollback();
    }
    // A committed delivery after the rolled-back one: once it has arrived, the runner has had
    // every chance to send the other one too.
    UUID sentinel = enqueueCommitted(request(receiver.url("/sentinel"), "sentinel", "{}"));
    awaitStatus(sentinel, "DELIVERED");

    assertThat(sql.count("SELECT count(*) FROM webhook_delivery WHERE subject = ?", subject))
        .isZero();
    assertThat(receiver.received()).extracting(r -> r.uri().getPath()).containsExactly("/sentinel");
  }

  @Test
  void committedEnqueueIsDeliveredOnceWithTheExactBodyAndQuery() {
    String body =
        "{ \"id\" : \"p-1\",\n  \"output\": [\"Grüße\", \"日本\", \"\uD83D\uDE00\", \"\\uD83D\", 1.50e3],"
            + " \"nested\": {\"a\": null} }";
    UUID id = enqueueCommitted(request(receiver.url("/hooks?team=7&tag=a%20b&tag=c"), "p-1", body));

    awaitStatus(id, "DELIVERED");

    assertThat(receiver.received()).hasSize(1);
    TestReceiver.Received received = receiver.received().get(0);
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.uri().getRawQuery()).isEqualTo("team=7&tag=a%20b&tag=c");
    assertThat(received.body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    assertThat(received.header("content-type")).startsWith("application/json");
    assertThat(received.header("webhook-id")).isEqualTo(id.toString());
    assertThat(received.header("webhook-timestamp")).matches("\\d{10}");
    assertThat(received.header("webhook-signature")).startsWith("v1,");
    assertThat(received.header("user-agent")).startsWith("webhook-outbox/");
    List<Map<String, Object>> attempts = sql.attempts(id);
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0))
        .containsEntry("status_code", 200)
        .containsEntry("outcome", "DELIVERED");
    assertThat(sql.delivery(id))
        .containsEntry("attempt_count", 1)
        .containsEntry("last_status_code", 200)
        .containsEntry("lease_owner", null);
    assertThat(sql.delivery(id).get("completed_at")).isNotNull();
  }

  @Test
  void enqueueThroughAJdbiHandleJoinsTheHandlesTransaction() {
    Jdbi jdbi = Jdbi.create(db.dataSource());
    UUID rolledBack =
        jdbi.withHandle(
            handle -> {
              handle.begin();
              UUID id = outbox.enqueue(handle, request(receiver.url("/jdbi"), "jdbi-rb", "{}"));
              handle.rollback();
              return id;
            });
    UUID committed =
        jdbi.inTransaction(
            handle -> outbox.enqueue(handle, request(receiver.url("/jdbi"), "jdbi", "{}")));

    awaitStatus(committed, "DELIVERED");
    assertThat(sql.delivery(rolledBack)).isNull();
    assertThat(receiver.received())
        .extracting(r -> r.header("webhook-id"))
        .containsExactly(committed.toString());
  }

  @Test
  void aJdbiEnqueueWakesTheRunnerAfterCommitNotBefore() {
    java.util.concurrent.atomic.AtomicInteger wakeUps =
        new java.util.concurrent.atomic.AtomicInteger();
    WebhookOutbox waking =
        WebhookOutbox.builder()
            .options(TestRunners.options())
            .afterCommit(
                () -> {
                  wakeUps.incrementAndGet();
                  runner.wakeUp();
                })
            .build();
    Jdbi jdbi = Jdbi.create(db.dataSource());
    UUID id =
        jdbi.inTransaction(
            handle -> {
              UUID enqueued =
                  waking.enqueue(handle, request(receiver.url("/woken"), "woken", "{}"));
              assertThat(wakeUps).as("not before the commit").hasValue(0);
              return enqueued;
            });
    assertThat(wakeUps).hasValue(1);
    jdbi.useTransaction(
        handle -> {
          waking.enqueue(handle, request(receiver.url("/never"), "never", "{}"));
          handle.rollback();
        });
    assertThat(wakeUps).as("not after a rollback").hasValue(1);
    awaitStatus(id, "DELIVERED");
  }

  @Test
  void serverErrorsAreRetriedUntilSuccessWithOneAttemptRowEach() {
    receiver.respondWith(500, 500, 200);
    UUID id = enqueueCommitted(request(receiver.url("/flaky"), "flaky", "{\"k\":\"v\"}"));

    awaitStatus(id, "DELIVERED");

    List<Map<String, Object>> attempts = sql.attempts(id);
    assertThat(attempts).extracting(a -> a.get("attempt_number")).containsExactly(1, 2, 3);
    assertThat(attempts).extracting(a -> a.get("status_code")).containsExactly(500, 500, 200);
    assertThat(attempts)
        .extracting(a -> a.get("outcome"))
        .containsExactly("WILL_RETRY", "WILL_RETRY", "DELIVERED");
    assertThat(attempts)
        .allSatisfy(a -> assertThat(a.get("runner_id")).isEqualTo(getClass().getSimpleName()));
    assertThat(attempts.get(0).get("response_excerpt")).isEqualTo("{\"status\":500}");
    // Every retry carries the same webhook-id, so receivers can deduplicate.
    assertThat(receiver.received())
        .extracting(r -> r.header("webhook-id"))
        .containsOnly(id.toString())
        .hasSize(3);
  }

  @Test
  void clientErrorFailsAfterOneAttempt() {
    receiver.respondWith(400);
    UUID id = enqueueCommitted(request(receiver.url("/bad-request"), "bad", "{}"));

    awaitStatus(id, "FAILED");

    assertThat(sql.attempts(id))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.get("status_code")).isEqualTo(400);
              assertThat(a.get("outcome")).isEqualTo("FAILED");
            });
    assertThat((String) sql.delivery(id).get("last_error"))
        .contains("permanent")
        .contains("HTTP 400");
  }

  @Test
  void exhaustedAttemptsFailTheDelivery() {
    receiver.respondWith(request -> 503);
    UUID id = enqueueCommitted(request(receiver.url("/down"), "down", "{}"));

    awaitStatus(id, "FAILED");

    assertThat(sql.attempts(id))
        .extracting(a -> a.get("status_code"))
        .containsExactly(503, 503, 503);
    assertThat((String) sql.delivery(id).get("last_error")).contains("gave up after 3 attempts");
  }

  @Test
  void receiverThatNeverAnswersIsRecordedAsTimeoutAndRetried() {
    receiver.hang();
    UUID id = enqueueCommitted(request(receiver.url("/hang"), "hang", "{}"));

    await().atMost(WAIT).until(() -> sql.attempts(id).size() >= 2);

    Map<String, Object> first = sql.attempts(id).get(0);
    assertThat(first.get("error_kind")).isEqualTo("TIMEOUT");
    assertThat(first.get("status_code")).isNull();
    assertThat(first.get("outcome")).isEqualTo("WILL_RETRY");
    assertThat(((Number) first.get("duration_ms")).longValue()).isBetween(900L, 5000L);
  }

  @Test
  void closedPortIsRecordedAsConnectionErrorAndRetried() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    UUID id =
        enqueueCommitted(request("http://127.0.0.1:" + closedPort + "/gone", "refused", "{}"));

    await().atMost(WAIT).until(() -> sql.attempts(id).size() >= 2);

    Map<String, Object> first = sql.attempts(id).get(0);
    assertThat(first.get("error_kind")).isEqualTo("CONNECTION_REFUSED");
    assertThat(first.get("outcome")).isEqualTo("WILL_RETRY");
    assertThat((String) first.get("error_message")).isNotBlank();
  }

  @Test
  void invalidRequestsThrowAndWriteNothing() throws Exception {
    long before = sql.count("SELECT count(*) FROM webhook_delivery");
    try (Connection tx = db.dataSource().getConnection()) {
      tx.setAutoCommit(false);
      assertThatThrownBy(() -> outbox.enqueue(tx, request("not a url", "x", "{}")))
          .isInstanceOf(InvalidWebhookException.class)
          .hasMessageStartingWith("url:");
      assertThatThrownBy(
              () -> outbox.enqueue(tx, request(receiver.url("/x"), "x", "{\"unclosed\": ")))
          .isInstanceOf(InvalidWebhookException.class)
          .hasMessageStartingWith("payload:");
      assertThatThrownBy(
              () -> outbox.enqueue(tx, request(receiver.url("/x"), "x", "{\"a\":\"\uD800\"}")))
          .isInstanceOf(InvalidWebhookException.class)
          .hasMessageStartingWith("payload:")
          .hasMessageContaining("surrogate");
      assertThatThrownBy(
              () ->
                  outbox.enqueueAll(
                      tx,
                      List.of(
                          request(receiver.url("/ok"), "x", "{}"),
                          request(receiver.url("/x"), "x", "not json"))))
          .isInstanceOf(InvalidWebhookException.class);
      tx.commit();
    }
    assertThat(sql.count("SELECT count(*) FROM webhook_delivery")).isEqualTo(before);
  }

  private UUID enqueueCommitted(WebhookRequest request) {
    try (Connection tx = db.dataSource().getConnection()) {
      tx.setAutoCommit(false);
      UUID id = outbox.enqueue(tx, request);
      tx.commit();
      return id;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitStatus(UUID id, String status) {
    await().atMost(WAIT).until(() -> status.equals(sql.status(id)));
  }

  private static WebhookRequest request(String url, String subject, String payload) {
    return WebhookRequest.builder(url, "completed")
        .subject(subject)
        .signingSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .payload(payload)
        .build();
  }
}
