package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.HostileReceiver;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.RunnerJvm;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's acceptance test: a runner process with a 256 MiB heap and the default limits keeps
 * delivering to healthy receivers while one receiver answers with endless header lines and another
 * with an endless body. Before the limits, such a runner died of OutOfMemoryError within seconds
 * and stayed up as a zombie; the attempt was never recorded, and the next runner to claim the row
 * died too. Now the hostile attempts are recorded (the headers as a retryable {@code BAD_RESPONSE},
 * the endless 200 as delivered, cut off) and SIGTERM still stops the runner with status 0.
 */
class HostileReceiversIT {

  private static final int HEALTHY = 300;
  private static final int HOSTILE = 40;

  @TempDir Path workDir;

  @Test
  void aRunnerProcessKeepsDeliveringBesideEndlessHeadersAndAnEndlessBody() throws Exception {
    try (TestDatabase db = TestDatabase.postgres();
        TestReceiver healthy = new TestReceiver();
        // Each answer stops after 64 MiB or 20 s by itself, and only so many are given.
        HostileReceiver headers =
            HostileReceiver.endlessHeaders(64, 64L << 20, Duration.ofSeconds(20), 4 * HOSTILE);
        HostileReceiver body =
            HostileReceiver.endlessBody(64L << 20, Duration.ofSeconds(20), 4 * HOSTILE)) {
      List<WebhookRequest> requests = new ArrayList<>();
      for (int i = 0; i < HOSTILE; i++) {
        requests.add(request(headers.url("/headers/" + i)));
        requests.add(request(body.url("/body/" + i)));
      }
      for (int i = 0; i < HEALTHY; i++) {
        requests.add(request(healthy.url("/ok/" + i)));
      }
      WebhookOutbox outbox = WebhookOutbox.builder().options(TestRunners.options()).build();
      outbox.enqueueAllWithoutTransaction(db.dataSource(), requests);
      OutboxQueries sql = new OutboxQueries(db.dataSource());

      try (RunnerJvm runner = RunnerJvm.start(workDir, "hostile", env(db))) {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    delivered(sql, healthy.url("/ok/")) == HEALTHY
                        && delivered(sql, body.url("/body/")) == HOSTILE
                        && badResponses(sql, headers.url("/headers/")) >= HOSTILE);

        // The endless bodies were cut off at the body limit, not drained until the timeout (which
        // would have been a TIMEOUT without a status).
        assertThat(
                sql.query(
                    "SELECT a.status_code, a.error_message FROM webhook_attempt a"
                        + " JOIN webhook_delivery d ON d.id = a.delivery_id WHERE d.url LIKE ?",
                    body.url("/body/") + "%"))
            .hasSize(HOSTILE)
            .allSatisfy(
                row -> {
                  assertThat(row.get("status_code")).isEqualTo(200);
                  assertThat((String) row.get("error_message"))
                      .startsWith("response body cut off after ");
                });
        assertThat(
                sql.query(
                    "SELECT DISTINCT a.error_message FROM webhook_attempt a JOIN webhook_delivery d"
                        + " ON d.id = a.delivery_id WHERE d.url LIKE ?",
                    headers.url("/headers/") + "%"))
            .extracting(row -> row.get("error_message"))
            .containsExactly("response head refused: more than 100 header lines");
        assertThat(runner.process().isAlive()).isTrue();
        assertThat(runner.log()).doesNotContain("OutOfMemoryError");

        assertThat(runner.terminate(Duration.ofSeconds(30)))
            .as("exit status after SIGTERM")
            .isZero();
        assertThat(sql.count("SELECT count(*) FROM webhook_delivery WHERE status = 'IN_FLIGHT'"))
            .isZero();
      }
      // What the hostile receivers managed to write: a few socket buffers per connection, not
      // their 64 MiB each.
      assertThat(headers.bytesWritten() / Math.max(1, headers.connections())).isLessThan(16L << 20);
      assertThat(body.bytesWritten() / Math.max(1, body.connections())).isLessThan(16L << 20);
    }
  }

  private static long delivered(OutboxQueries sql, String urlPrefix) {
    return sql.count(
        "SELECT count(*) FROM webhook_delivery WHERE status = 'DELIVERED' AND url LIKE ?",
        urlPrefix + "%");
  }

  private static long badResponses(OutboxQueries sql, String urlPrefix) {
    return sql.count(
        "SELECT count(*) FROM webhook_attempt a JOIN webhook_delivery d ON d.id = a.delivery_id"
            + " WHERE d.url LIKE ? AND a.error_kind = 'BAD_RESPONSE'",
        urlPrefix + "%");
  }

  static WebhookRequest request(String url) {
    return WebhookRequest.builder(url, "completed").payload("{\"ok\":true}").build();
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
        // Every hostile delivery gets its attempt, rather than a circuit opened after 20.
        Map.entry("WEBHOOKS_ENDPOINT_FAILURE_THRESHOLD", "1000"),
        Map.entry("WEBHOOKS_SHUTDOWN_DEADLINE", "2s"));
  }
}
