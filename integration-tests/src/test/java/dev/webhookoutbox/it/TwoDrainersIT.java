package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.dispatch.DispatchSettings;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.WebhookRunner;
import dev.webhookoutbox.runner.http.SenderSettings;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two runners drain one outbox on a database server concurrently, while host transactions keep
 * enqueueing: SKIP LOCKED gives each row to one runner, and claims, enqueues and outcome writes
 * neither deadlock nor lose a row (on MariaDB under InnoDB's gap locks too).
 */
class TwoDrainersIT {

  private static final int DELIVERIES = 2000;
  private static final int ENQUEUED_WHILE_DRAINING = 500;

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.SERVERS)
  void everyDeliveryIsSentExactlyOnceByTwoConcurrentRunners(
      String name, Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get();
        TestReceiver receiver = new TestReceiver()) {
      enqueue(db, receiver, 0, DELIVERIES - ENQUEUED_WHILE_DRAINING, 1);
      DispatchSettings smallClaims =
          DispatchSettings.defaults()
              .withClaimBatchSize(50)
              .withMaxInFlight(100)
              .withLeaseDuration(Duration.ofSeconds(60));
      // Generous timeouts: a timed-out attempt is retried, and a retry of a request the receiver
      // did get is a legitimate duplicate; this test is about claims, so none may time out.
      SenderSettings patient =
          TestRunners.shortTimeouts()
              .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30));
      try (WebhookRunner first =
              TestRunners.fast(db.dataSource(), "drainer-a")
                  .dispatchSettings(smallClaims)
                  .senderSettings(patient)
                  .build();
          WebhookRunner second =
              TestRunners.fast(db.dataSource(), "drainer-b")
                  .dispatchSettings(smallClaims)
                  .build()) {
        first.start();
        second.start();
        // Host transactions of 10 rows each while both runners claim and record.
        enqueue(
            db,
            receiver,
            DELIVERIES - ENQUEUED_WHILE_DRAINING,
            ENQUEUED_WHILE_DRAINING,
            ENQUEUED_WHILE_DRAINING / 10);
        OutboxQueries sql = new OutboxQueries(db.dataSource());
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    sql.count("SELECT count(*) FROM webhook_delivery WHERE status = 'DELIVERED'")
                        == DELIVERIES);

        assertThat(sql.count("SELECT count(*) FROM webhook_attempt WHERE outcome <> 'DELIVERED'"))
            .as("attempts that failed and were retried")
            .isZero();
        Map<String, Long> sendsPerId =
            receiver.received().stream()
                .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
        assertThat(sendsPerId).hasSize(DELIVERIES);
        assertThat(sendsPerId.values()).containsOnly(1L);
        assertThat(sql.count("SELECT count(*) FROM webhook_attempt")).isEqualTo(DELIVERIES);
        // Both runners really took part, so the test exercised concurrent claims.
        List<Map<String, Object>> perRunner =
            sql.query("SELECT runner_id, count(*) AS n FROM webhook_attempt GROUP BY runner_id");
        assertThat(perRunner)
            .extracting(r -> r.get("runner_id"))
            .containsExactlyInAnyOrder("drainer-a", "drainer-b");
      }
    }
  }

  /** Enqueues deliveries {@code from} to {@code from + count - 1} in {@code transactions}. */
  private static void enqueue(
      TestDatabase db, TestReceiver receiver, int from, int count, int transactions)
      throws Exception {
    WebhookOutbox outbox = WebhookOutbox.builder().options(TestRunners.options()).build();
    int perTransaction = count / transactions;
    for (int t = 0; t < transactions; t++) {
      List<WebhookRequest> requests = new ArrayList<>();
      for (int i = from + t * perTransaction; i < from + (t + 1) * perTransaction; i++) {
        requests.add(
            WebhookRequest.builder(receiver.url("/two?i=" + i), "completed")
                .subject("job-" + i)
                .payload("{\"i\":" + i + "}")
                .build());
      }
      try (Connection tx = db.dataSource().getConnection()) {
        tx.setAutoCommit(false);
        outbox.enqueueAll(tx, requests);
        tx.commit();
      }
    }
  }
}
