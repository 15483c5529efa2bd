package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
      Process runner = startRunner(workDir);
      try {
        Path log = workDir.resolve("runner.log");
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
                  .urlPolicy(TestRunners.loopbackReceivers())
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

  private static Process startRunner(Path workDir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    Path jar =
        Path.of("..", "quartz-runner", "target", "webhook-outbox-runner.jar").toAbsolutePath();
    if (Files.exists(jar)) {
      command.addAll(List.of("-jar", jar.toString()));
    } else {
      command.addAll(
          List.of(
              "-cp", System.getProperty("java.class.path"), "dev.webhookoutbox.runner.RunnerMain"));
    }
    command.add("run");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("WEBHOOKS_"));
    // The test receiver listens on http://127.0.0.1, which the default URL policy refuses.
    builder.environment().put("WEBHOOKS_HTTP_ALLOW_PLAIN_HTTP", "true");
    builder.environment().put("WEBHOOKS_HTTP_ALLOWLIST", "127.0.0.0/8");
    File log = workDir.resolve("runner.log").toFile();
    return builder.redirectErrorStream(true).redirectOutput(log).start();
  }
}
