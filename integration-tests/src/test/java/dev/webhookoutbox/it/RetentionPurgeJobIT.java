package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.Retention;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.WebhookRunner;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A runner built with a retention deletes old finished rows on its own (through the store's {@link
 * dev.webhookoutbox.spi.RetentionPurge}), and keeps the rest, on every database.
 */
class RetentionPurgeJobIT {

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void theRunnersPurgeJobDeletesOldFinishedDeliveries(String name, Supplier<TestDatabase> database)
      throws Exception {
    try (TestDatabase db = database.get()) {
      UUID old;
      UUID recent;
      old = enqueueAt(db, Instant.now().minus(Duration.ofDays(9)));
      recent = enqueueAt(db, Instant.now().minus(Duration.ofDays(1)));
      try (Connection c = db.dataSource().getConnection()) {
        try (Statement s = c.createStatement()) {
          s.executeUpdate(
              "UPDATE webhook_delivery SET status = 'DELIVERED', completed_at = created_at");
        }
      }
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      try (WebhookRunner runner =
          TestRunners.fast(db.dataSource(), "purger")
              .retention(
                  Retention.of(Duration.ofDays(7), Duration.ofDays(30)), Duration.ofSeconds(1))
              .build()) {
        runner.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.delivery(old) == null);
      }
      assertThat(sql.status(recent)).isEqualTo("DELIVERED");
    }
  }

  private static UUID enqueueAt(TestDatabase db, Instant at) {
    return WebhookOutbox.builder()
        .clock(Clock.fixed(at, ZoneOffset.UTC))
        .build()
        .enqueueWithoutTransaction(
            db.dataSource(),
            WebhookRequest.builder("https://hooks.example.com/x", "completed")
                .payload("{}")
                .build());
  }
}
