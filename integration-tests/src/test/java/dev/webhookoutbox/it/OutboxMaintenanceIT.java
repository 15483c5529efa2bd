package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.SampleRows;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.jdbc.OutboxMaintenance;
import dev.webhookoutbox.jdbc.OutboxStatus;
import dev.webhookoutbox.jdbc.Retention;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Status counts, replays and the batched retention purge, on every database. */
class OutboxMaintenanceIT {

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void statusCountsEveryStateAndReplayMakesFinishedRowsDueAgain(
      String name, Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      SampleRows.insert(db.dataSource());
      OutboxMaintenance maintenance = new OutboxMaintenance(db.dataSource());
      OutboxQueries sql = new OutboxQueries(db.dataSource());

      OutboxStatus status = maintenance.status();
      assertThat(status.pending()).isEqualTo(2);
      assertThat(status.due()).isEqualTo(1);
      assertThat(status.inFlight()).isEqualTo(1);
      assertThat(status.failedLastHour()).isEqualTo(1);
      assertThat(status.oldestDueAge().toSeconds()).isCloseTo(1800, within(30L));

      assertThat(maintenance.replay(SampleRows.LEASE_EXPIRED))
          .as("in flight: left alone")
          .isFalse();
      assertThat(maintenance.replay(UUID.randomUUID())).isFalse();
      assertThat(maintenance.replay(SampleRows.DELIVERED)).isTrue();
      assertThat(sql.delivery(SampleRows.DELIVERED))
          .containsEntry("status", "PENDING")
          .containsEntry("completed_at", null)
          .containsEntry("attempt_count", 1);

      Instant now = Instant.now();
      assertThat(
              maintenance.replayFailed(
                  "https://other.example.com", now.minus(Duration.ofDays(1)), now))
          .isZero();
      assertThat(
              maintenance.replayFailed(
                  "HTTPS://Hooks.Example.com/", now.minus(Duration.ofDays(1)), now))
          .isEqualTo(1);
      assertThat(sql.status(SampleRows.FAILED)).isEqualTo("PENDING");
      assertThat(maintenance.status().due()).isEqualTo(3);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void purgeDeletesOldFinishedRowsWithTheirAttemptsInBatches(
      String name, Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get()) {
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      List<UUID> oldDelivered = enqueue(db, now.minus(Duration.ofDays(10)), 2500);
      List<UUID> recentDelivered = enqueue(db, now.minus(Duration.ofDays(2)), 3);
      List<UUID> failedTenDaysAgo = enqueue(db, now.minus(Duration.ofDays(10)), 2);
      List<UUID> failedFortyDaysAgo = enqueue(db, now.minus(Duration.ofDays(40)), 2);
      List<UUID> oldPending = enqueue(db, now.minus(Duration.ofDays(40)), 1);
      finish(db, oldDelivered, "DELIVERED");
      finish(db, recentDelivered, "DELIVERED");
      finish(db, failedTenDaysAgo, "FAILED");
      finish(db, failedFortyDaysAgo, "FAILED");
      OutboxQueries sql = new OutboxQueries(db.dataSource());

      List<OutboxMaintenance.PurgeBatch> batches = Collections.synchronizedList(new ArrayList<>());
      OutboxMaintenance.PurgeResult result =
          new OutboxMaintenance(db.dataSource(), Clock.fixed(now, ZoneOffset.UTC))
              .purge(new Retention(Duration.ofDays(7), Duration.ofDays(30), 1000), batches::add);

      assertThat(result.delivered()).isEqualTo(2500);
      assertThat(result.failed()).isEqualTo(2);
      assertThat(batches)
          .extracting(OutboxMaintenance.PurgeBatch::deleted)
          .containsExactly(1000, 1000, 500, 2);
      assertThat(sql.count("SELECT count(*) FROM webhook_delivery")).isEqualTo(3 + 2 + 1);
      assertThat(sql.count("SELECT count(*) FROM webhook_attempt"))
          .as("attempts of purged rows went with them")
          .isEqualTo(3 + 2);
      assertThat(sql.status(oldPending.get(0))).isEqualTo("PENDING");
      assertThat(sql.status(failedTenDaysAgo.get(0))).isEqualTo("FAILED");
    }
  }

  private static List<UUID> enqueue(TestDatabase db, Instant at, int count) throws Exception {
    WebhookOutbox outbox = WebhookOutbox.builder().clock(Clock.fixed(at, ZoneOffset.UTC)).build();
    List<WebhookRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add(
          WebhookRequest.builder("https://hooks.example.com/retention", "completed")
              .payload("{\"n\":" + i + "}")
              .build());
    }
    return outbox.enqueueAllWithoutTransaction(db.dataSource(), requests);
  }

  /** Marks rows finished one minute after creation, with one attempt row each. */
  private static void finish(TestDatabase db, List<UUID> ids, String status) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement update =
            c.prepareStatement(
                "UPDATE webhook_delivery SET status = ?, attempt_count = 1,"
                    + " completed_at = created_at + INTERVAL '1' MINUTE WHERE id = ?");
        PreparedStatement attempt =
            c.prepareStatement(
                "INSERT INTO webhook_attempt (delivery_id, attempt_number, started_at,"
                    + " duration_ms, status_code, outcome) SELECT id, 1, created_at, 5, 200, ?"
                    + " FROM webhook_delivery WHERE id = ?")) {
      for (UUID id : ids) {
        update.setString(1, status);
        update.setObject(2, id);
        update.addBatch();
      }
      update.executeBatch();
      // One by one: MariaDB Connector/J sends batched inserts in its bulk protocol, which has no
      // INSERT ... SELECT.
      for (UUID id : ids) {
        attempt.setString(1, status);
        attempt.setObject(2, id);
        attempt.executeUpdate();
      }
    }
  }
}
