package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.RunnerJvm;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone runner as a real process with no database configuration: it creates the embedded
 * H2 file database, and delivers rows that this test writes through its own connection.
 */
class RunnerMainIT {

  @TempDir Path workDir;

  @Test
  void runnerWithNoDatabaseConfigurationStartsOnH2AndDrainsRowsWrittenByAnotherConnection()
      throws Exception {
    try (TestReceiver receiver = new TestReceiver()) {
      // The test receiver listens on http://127.0.0.1, which the default URL policy refuses.
      Process runner =
          RunnerJvm.start(
                  workDir,
                  "runner-main-it",
                  Map.of(
                      "WEBHOOKS_HTTP_ALLOW_PLAIN_HTTP", "true",
                      "WEBHOOKS_HTTP_ALLOWLIST", "127.0.0.0/8"))
              .process();
      try {
        Path log = workDir.resolve("runner-main-it.log");
        String h2Url =
            "jdbc:h2:file:" + workDir.resolve("webhooks-data/outbox") + ";AUTO_SERVER=TRUE";
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> Files.readString(log).contains("started"));

        UUID id;
        try (Connection other = DriverManager.getConnection(h2Url, "sa", "")) {
          other.setAutoCommit(false);
          id =
              WebhookOutbox.builder()
                  .options(TestRunners.options())
                  .build()
                  .enqueue(
                      other,
                      WebhookRequest.builder(receiver.url("/from-another-app"), "completed")
                          .payload("{\"written\":\"elsewhere\"}")
                          .build());
          other.commit();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.count() == 1);
        assertThat(receiver.received().get(0).header("webhook-id")).isEqualTo(id.toString());
        assertThat(workDir.resolve("webhooks-data/outbox.mv.db")).exists();
      } finally {
        runner.destroy();
        assertThat(runner.waitFor(30, TimeUnit.SECONDS)).as("runner stops on SIGTERM").isTrue();
      }
    }
  }
}
