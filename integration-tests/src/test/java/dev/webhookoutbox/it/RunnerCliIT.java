package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.runner.RunnerMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runner's subcommands in-process, through {@link RunnerMain#run}, on H2, PostgreSQL and
 * MariaDB.
 */
class RunnerCliIT {

  @TempDir Path dir;

  record Result(int status, String out, String err) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void enqueueStatusReplayAndPurgeWorkOnOneOutbox(String name, Supplier<TestDatabase> database)
      throws Exception {
    try (TestDatabase db = database.get()) {
      Map<String, String> env = env(db);
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      Path body = dir.resolve("body.json");
      Files.writeString(body, "{\"id\":\"prediction-7\",\"status\":\"succeeded\"}\n");
      Path secret = dir.resolve("secret");
      Files.writeString(secret, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n");

      Result enqueued =
          run(
              env,
              "enqueue",
              "https://hooks.example.com/in?x=1",
              "completed",
              "@" + body,
              "--subject",
              "prediction-7",
              "--secret",
              "@" + secret);
      assertThat(enqueued.status()).as(enqueued.err()).isZero();
      UUID id = UUID.fromString(enqueued.out().strip());
      assertThat(sql.delivery(id))
          .containsEntry("subject", "prediction-7")
          .containsEntry("payload", "{\"id\":\"prediction-7\",\"status\":\"succeeded\"}")
          .containsEntry("signing_secrets", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
      Result inline = run(env, "enqueue", "https://hooks.example.com/b", "logs", "{\"n\":2}");
      assertThat(inline.status()).isZero();

      Result status = run(env, "status");
      assertThat(status.status()).isZero();
      assertThat(status.out())
          .contains("pending      2 (due now: 2)")
          .contains("in flight    0")
          .contains("failed (1h)  0")
          .containsPattern("oldest due   \\d{4}-\\d\\d-\\d\\dT");

      markFailed(db, id);
      assertThat(run(env, "replay", "--failed", "--since", "1h").status())
          .as("an origin or --all-origins is required")
          .isEqualTo(2);
      Result replayed =
          run(env, "replay", "--failed", "--since", "1h", "--origin", "https://HOOKS.example.com");
      assertThat(replayed.out()).contains("replayed 1 failed deliveries");
      assertThat(sql.status(id)).isEqualTo("PENDING");
      markFailed(db, id);
      assertThat(run(env, "replay", id.toString()).out()).contains("replayed " + id);
      assertThat(run(env, "replay", UUID.randomUUID().toString()).status()).isEqualTo(1);

      markFailed(db, id);
      Result kept = run(env, "purge");
      assertThat(kept.out())
          .contains("older than 7d and failed rows older than 30d")
          .contains("deleted 0 delivered and 0 failed");
      Result purged = run(env, "purge", "--failed", "PT0.001S");
      assertThat(purged.status()).as(purged.err()).isZero();
      assertThat(purged.out()).contains("deleted 0 delivered and 1 failed deliveries in 1 batches");
      assertThat(sql.delivery(id)).isNull();
    }
  }

  @Test
  void everySubcommandHasHelp() {
    Map<String, String> env = Map.of();
    for (String command :
        List.of("run", "migrate", "enqueue", "replay", "status", "purge", "demo")) {
      Result help = run(env, command, "--help");
      assertThat(help.status()).isZero();
      assertThat(help.out()).startsWith("usage: webhook-runner " + command);
    }
    Result top = run(env, "--help");
    assertThat(top.out()).contains("Commands:").contains("  replay ").contains("  purge ");
  }

  @Test
  void badInputIsOneLineAndANonZeroStatus() {
    Map<String, String> env = Map.of("WEBHOOKS_RETENTION_DELIVERED", "a week");
    Result badConfig = run(env, "purge");
    assertThat(badConfig.status()).isEqualTo(2);
    assertThat(badConfig.err().strip())
        .isEqualTo(
            "invalid configuration webhooks.retention.delivered (env WEBHOOKS_RETENTION_DELIVERED):"
                + " must be a duration like 500ms, 30s, 5m, 2h or 3d, was 'a week'");
    Result typo = run(Map.of(), "replay", "--failed", "--sicne", "2h");
    assertThat(typo.status()).isEqualTo(2);
    assertThat(typo.err())
        .isEqualTo("unknown option --sicne (see: webhook-runner replay --help)\n");
    Result missingFile = run(Map.of(), "--config", "/nonexistent/webhooks.properties", "status");
    assertThat(missingFile.status()).isEqualTo(2);
    assertThat(missingFile.err()).startsWith("invalid configuration config file");
    Result badUrl = run(Map.of(), "enqueue", "ftp://example.com/x", "completed", "{}");
    assertThat(badUrl.status()).isEqualTo(2);
    assertThat(badUrl.err()).startsWith("url:").doesNotContain("Exception");
    Result unknown = run(Map.of(), "frobnicate");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("unknown command 'frobnicate'");
  }

  private static void markFailed(TestDatabase db, UUID id) {
    try (var c = db.dataSource().getConnection();
        var ps =
            c.prepareStatement(
                "UPDATE webhook_delivery SET status = 'FAILED', completed_at = CURRENT_TIMESTAMP"
                    + " WHERE id = ?")) {
      ps.setObject(1, id);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> env(TestDatabase db) {
    Map<String, String> env = new HashMap<>();
    env.put("WEBHOOKS_DB_URL", db.jdbcUrl());
    env.put("WEBHOOKS_DB_USER", db.user());
    env.put("WEBHOOKS_DB_PASSWORD", db.password());
    env.put("WEBHOOKS_DB_POOL_SIZE", "3");
    return env;
  }

  private static Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        RunnerMain.run(
            args,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
