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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Two runners drain one PostgreSQL outbox concurrently; SKIP LOCKED gives each row to one. */
class TwoDrainersPostgresIT {

  private static final int DELIVERIES = 2000;

  @Test
  void everyDeliveryIsSentExactlyOnceByTwoConcurrentRunners() throws Exception {
    try (TestDatabase db = TestDatabase.postgres();
        TestReceiver receiver = new TestReceiver()) {
      enqueue(db, receiver);
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

  private static void enqueue(TestDatabase db, TestReceiver receiver) throws Exception {
    WebhookOutbox outbox = WebhookOutbox.builder().options(TestRunners.options()).build();
    List<WebhookRequest> requests = new ArrayList<>();
    for (int i = 0; i < DELIVERIES; i++) {
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
