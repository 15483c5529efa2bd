package dev.webhookoutbox.runner;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.OutboxOptions;
import dev.webhookoutbox.OutboxStoreException;
import dev.webhookoutbox.WebhookOutboxException;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.jdbc.OutboxSchema;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.retry.RetryPolicy;
import dev.webhookoutbox.runner.cli.Arguments;
import dev.webhookoutbox.runner.cli.CliContext;
import dev.webhookoutbox.runner.cli.Command;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code webhook-runner demo}: a local receiver, five webhooks enqueued in one transaction (one
 * receiver answers 503 once, to show a retry), the runner delivering them, and the rows an admin
 * would query afterwards.
 */
final class DemoCommand {

  private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);

  private final RunnerConfig config;
  private final PrintStream out;
  private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

  DemoCommand(RunnerConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /** The {@code demo} subcommand. */
  static final class Cli implements Command {
    @Override
    public String name() {
      return "demo";
    }

    @Override
    public String summary() {
      return "run on the embedded H2 database with a local receiver and show deliveries";
    }

    @Override
    public String usage() {
      return """
          usage: webhook-runner demo [--config FILE]

          Starts a local receiver, enqueues five signed webhooks in one transaction (one receiver
          answers 503 once, to show a retry), delivers them and prints the attempt rows.
          """;
    }

    @Override
    public int run(Arguments args, CliContext context) {
      args.requireAllUsed();
      new DemoCommand(context.config(), context.out()).run();
      return 0;
    }
  }

  void run() {
    HttpServer receiver = startReceiver();
    String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks?customer=acme";
    try (HikariDataSource dataSource = RunnerProcess.openDataSource(config)) {
      OutboxSchema.migrate(dataSource);
      out.println(
          "outbox database: " + config.string("webhooks.db.url", RunnerConfig.DEFAULT_DB_URL));
      out.println("local receiver:  " + url);
      OutboxOptions options = demoOptions();
      List<UUID> ids = enqueueDemoWebhooks(dataSource, url, options);
      WebhookRunner runner = RunnerProcess.buildRunner(config, dataSource).options(options).build();
      runner.start();
      try {
        awaitFinal(dataSource, ids);
      } finally {
        runner.close();
      }
      printReport(dataSource, ids);
    } finally {
      receiver.stop(0);
    }
  }

  /**
   * The configured options, with the URL policy opened for the demo's own receiver on
   * http://127.0.0.1 and a retry a second after the first failure.
   */
  private OutboxOptions demoOptions() {
    return RunnerProcess.options(config).toBuilder()
        .urlPolicy(
            RunnerProcess.urlPolicy(config).toBuilder()
                .allowPlainHttp(true)
                .allowLoopback()
                .build())
        .retryPolicy(
            RetryPolicy.builder().initialDelay(Duration.ofSeconds(1)).maxAttempts(5).build())
        .build();
  }

  private HttpServer startReceiver() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/hooks",
          exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String text = new String(body, StandardCharsets.UTF_8);
            // The third prediction's receiver is "down" for its first attempt.
            int status = text.contains("prediction-3") && failedOnce.add(id) ? 503 : 204;
            out.printf(
                "receiver <- POST %s  webhook-id=%s  signed=%s  body=%s  -> %d%n",
                exchange.getRequestURI(),
                id,
                exchange.getRequestHeaders().getFirst("webhook-signature") != null ? "yes" : "no",
                text,
                status);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new WebhookOutboxException("cannot start the demo receiver", e);
    }
  }

  private List<UUID> enqueueDemoWebhooks(
      HikariDataSource dataSource, String url, OutboxOptions options) {
    WebhookOutbox outbox = WebhookOutbox.builder().options(options).build();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
    List<UUID> ids = new ArrayList<>();
    try (Connection tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      for (int i = 1; i <= 5; i++) {
        String payload =
            "{\"id\":\"prediction-"
                + i
                + "\",\"status\":\"succeeded\",\"output\":[\"frame-"
                + i
                + ".png\"]}";
        ids.add(
            outbox.enqueue(
                tx,
                WebhookRequest.builder(url, "completed")
                    .subject("prediction-" + i)
                    .signingSecret(secret)
                    .payload(payload)
                    .build()));
      }
      tx.commit();
    } catch (SQLException e) {
      throw new OutboxStoreException("demo enqueue failed", e);
    }
    out.println("enqueued 5 webhooks in one transaction; the runner delivers them now");
    return ids;
  }

  private void awaitFinal(HikariDataSource dataSource, List<UUID> ids) {
    long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
    while (countFinal(dataSource, ids) < ids.size()) {
      if (System.nanoTime() > deadline) {
        out.println("gave up waiting after " + GIVE_UP_AFTER.toSeconds() + " s");
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static int countFinal(HikariDataSource dataSource, List<UUID> ids) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT count(*) FROM webhook_delivery WHERE id = ? AND status IN ('DELIVERED', 'FAILED')")) {
      int done = 0;
      for (UUID id : ids) {
        q.setObject(1, id);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          done += rs.getInt(1);
        }
      }
      return done;
    } catch (SQLException e) {
      throw new OutboxStoreException("demo status query failed", e);
    }
  }

  private void printReport(HikariDataSource dataSource, List<UUID> ids) {
    out.println();
    out.println(
        "SELECT d.subject, d.status, a.attempt_number, a.status_code, a.duration_ms, a.outcome");
    out.println("  FROM webhook_delivery d JOIN webhook_attempt a ON a.delivery_id = d.id ...");
    out.printf(
        "%-14s %-10s %-8s %-12s %-12s %s%n",
        "subject", "status", "attempt", "status_code", "duration_ms", "outcome");
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT d.subject, d.status, a.attempt_number, a.status_code, a.duration_ms, a.outcome"
                    + " FROM webhook_delivery d JOIN webhook_attempt a ON a.delivery_id = d.id"
                    + " WHERE d.id = ? ORDER BY a.attempt_number")) {
      for (UUID id : ids) {
        q.setObject(1, id);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            out.printf(
                "%-14s %-10s %-8d %-12d %-12d %s%n",
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                rs.getInt(4),
                rs.getInt(5),
                rs.getString(6));
          }
        }
      }
    } catch (SQLException e) {
      throw new OutboxStoreException("demo report query failed", e);
    }
  }
}
