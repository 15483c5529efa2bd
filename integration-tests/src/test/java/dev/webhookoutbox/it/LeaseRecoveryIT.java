package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.JdbcOutboxStore;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.WebhookRunner;
import dev.webhookoutbox.spi.ClaimedDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A runner that claimed rows and died: once the lease expires another runner delivers them. */
class LeaseRecoveryIT {

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void rowsLeasedByADeadRunnerAreDeliveredAfterTheirLeaseExpires(
      String name, Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get();
        TestReceiver receiver = new TestReceiver()) {
      UUID id =
          WebhookOutbox.builder()
              .options(TestRunners.options())
              .build()
              .enqueueWithoutTransaction(
                  db.dataSource(),
                  WebhookRequest.builder(receiver.url("/orphaned"), "completed")
                      .payload("{}")
                      .build());
      Instant now = Instant.now();
      List<ClaimedDelivery> claimed =
          new JdbcOutboxStore(db.dataSource())
              .claimDue("dead-runner", 10, now, now.plus(Duration.ofMillis(300)));
      assertThat(claimed).extracting(ClaimedDelivery::id).containsExactly(id);
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      assertThat(sql.delivery(id))
          .containsEntry("status", "IN_FLIGHT")
          .containsEntry("lease_owner", "dead-runner");

      try (WebhookRunner survivor = TestRunners.fast(db.dataSource(), "survivor").build()) {
        survivor.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(sql.status(id)));
      }

      assertThat(receiver.received())
          .extracting(r -> r.header("webhook-id"))
          .containsExactly(id.toString());
      assertThat(sql.attempts(id))
          .singleElement()
          .satisfies(a -> assertThat(a.get("runner_id")).isEqualTo("survivor"));
    }
  }
}
