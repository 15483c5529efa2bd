package dev.webhookoutbox.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.OutboxOptions;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.jdbc.OutboxSchema;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.OutgoingRequest;
import dev.webhookoutbox.spi.WebhookSender;
import dev.webhookoutbox.validation.UrlPolicy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An embedded runner that hits an {@link OutOfMemoryError} closes itself and tells its host,
 * instead of going on as a zombie: before, an error thrown by the sender in the claim loop was
 * logged by Quartz and the loop restarted every second, and one that failed the sender's future
 * failed the delivery for good as {@code INTERNAL}. Nothing told the host.
 */
class WebhookRunnerFatalErrorTest {

  private static final UrlPolicy LOOPBACK =
      UrlPolicy.builder().allowPlainHttp(true).allowLoopback().build();

  private final LinkedBlockingQueue<String> told = new LinkedBlockingQueue<>();
  private JdbcDataSource dataSource;
  private WebhookRunner runner;

  @BeforeEach
  void database() {
    dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:fatal-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("sa");
    OutboxSchema.migrate(dataSource);
  }

  @AfterEach
  void close() {
    if (runner != null) {
      runner.close();
    }
  }

  @Test
  void aSenderThrowingOutOfMemoryErrorInTheClaimLoopClosesTheRunnerAndTellsTheHost()
      throws Exception {
    UUID id = enqueue();
    runner =
        runnerWith(
            () -> {
              throw new OutOfMemoryError("Java heap space (test)");
            });
    runner.start();

    assertToldAfterClose(id);
  }

  @Test
  void aSenderWhoseAttemptFailsWithOutOfMemoryErrorClosesTheRunnerAndTellsTheHost()
      throws Exception {
    UUID id = enqueue();
    runner =
        runnerWith(
            () -> CompletableFuture.failedFuture(new OutOfMemoryError("Java heap space (test)")));
    runner.start();

    assertToldAfterClose(id);
  }

  private void assertToldAfterClose(UUID id) throws Exception {
    String message = told.poll(20, TimeUnit.SECONDS);
    assertThat(message).as("the host was told").contains("OutOfMemoryError: Java heap space");
    assertThat(runner.fatalError()).get().isInstanceOf(OutOfMemoryError.class);
    // Told after the runner closed: its claim was given back unsent, not failed, not left leased.
    assertThat(told.poll()).isNull();
    assertThat(row(id)).isEqualTo("PENDING attempts=0 lease_owner=null");
  }

  private WebhookRunner runnerWith(Supplier<CompletableFuture<AttemptResult>> send) {
    WebhookSender sender =
        new WebhookSender() {
          @Override
          public CompletableFuture<AttemptResult> send(OutgoingRequest request) {
            return send.get();
          }

          @Override
          public void close() {}
        };
    return WebhookRunner.builder(dataSource)
        .sender(sender)
        .options(OutboxOptions.builder().urlPolicy(LOOPBACK).build())
        .cluster(ClusterSettings.local())
        .shutdownDeadline(Duration.ofMillis(500))
        .fatalErrorHandler(
            (component, error) -> told.add(component + ": " + error + " " + runnerState()))
        .build();
  }

  private String runnerState() {
    return runner.fatalError().isPresent() ? "(fatalError set)" : "(fatalError missing)";
  }

  private UUID enqueue() {
    return WebhookOutbox.builder()
        .options(OutboxOptions.builder().urlPolicy(LOOPBACK).build())
        .build()
        .enqueueWithoutTransaction(
            dataSource,
            WebhookRequest.builder("http://127.0.0.1:9/hook", "completed")
                .subject("job-1")
                .payload("{\"id\":\"job-1\"}")
                .build());
  }

  private String row(UUID id) throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT status, attempt_count, lease_owner FROM webhook_delivery WHERE id = '"
                    + id
                    + "'")) {
      rs.next();
      return rs.getString(1) + " attempts=" + rs.getInt(2) + " lease_owner=" + rs.getString(3);
    }
  }
}
