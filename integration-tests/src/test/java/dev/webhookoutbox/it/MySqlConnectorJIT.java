package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.DataSources;
import dev.webhookoutbox.jdbc.DeliveryBrowser;
import dev.webhookoutbox.jdbc.SqlDialect;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.WebhookRunner;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The outbox through MySQL Connector/J, the driver MySQL users bring, here against the test
 * MariaDB: the database is recognised by Connector/J's product name ("MySQL"), and ids and instants
 * reach the tables as text and UTC wall clock, where Connector/J would serialise a {@code UUID} as
 * a Java object. (Connector/J takes MariaDB for MySQL 5.5 and drops fractions of seconds; a real
 * MySQL 8 keeps them.)
 */
class MySqlConnectorJIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void connectorJEnqueuesDeliversAndReadsBackEveryDelivery() throws Exception {
    try (TestDatabase db = TestDatabase.mariadb();
        TestReceiver receiver =
            new TestReceiver().respondWith(r -> r.uri().getPath().endsWith("/bad") ? 400 : 200);
        HikariDataSource connectorJ =
            DataSources.pooled(
                db.jdbcUrl().replace("jdbc:mariadb:", "jdbc:mysql:"), db.user(), db.password(), 6);
        WebhookRunner runner = TestRunners.fast(connectorJ, "connector-j").build()) {
      try (Connection c = connectorJ.getConnection()) {
        assertThat(c.getMetaData().getDriverName()).contains("MySQL Connector/J");
        assertThat(SqlDialect.detect(c)).isEqualTo(SqlDialect.MARIADB);
      }
      runner.start();
      WebhookOutbox outbox = WebhookOutbox.builder().options(TestRunners.options()).build();
      Instant before = Instant.now().minusSeconds(1);
      List<UUID> ids = new ArrayList<>();
      UUID first;
      UUID again;
      try (Connection tx = connectorJ.getConnection()) {
        tx.setAutoCommit(false);
        for (int i = 0; i < 10; i++) {
          ids.add(
              outbox.enqueue(tx, request(receiver.url("/ok?i=" + i)).subject("s-" + i).build()));
        }
        first = outbox.enqueue(tx, request(receiver.url("/ok")).dedupeKey("key-1").build());
        again = outbox.enqueue(tx, request(receiver.url("/ok")).dedupeKey("key-1").build());
        tx.commit();
      }
      UUID failed =
          outbox.enqueueWithoutTransaction(connectorJ, request(receiver.url("/bad")).build());

      OutboxQueries sql = new OutboxQueries(connectorJ);
      assertThat(again).isEqualTo(first);
      ids.add(first);
      await()
          .atMost(WAIT)
          .until(() -> ids.stream().allMatch(id -> "DELIVERED".equals(sql.status(id))));
      await().atMost(WAIT).until(() -> "FAILED".equals(sql.status(failed)));
      assertThat(receiver.received())
          .filteredOn(r -> r.uri().getPath().endsWith("/ok"))
          .extracting(r -> r.header("webhook-id"))
          .containsExactlyInAnyOrderElementsOf(ids.stream().map(UUID::toString).toList());
      assertThat(sql.attempts(failed)).hasSize(1);
      var view = new DeliveryBrowser(connectorJ).find(first).orElseThrow();
      assertThat(view.id()).isEqualTo(first);
      assertThat(view.createdAt()).isBetween(before, Instant.now());
      assertThat(view.status()).isEqualTo("DELIVERED");
    }
  }

  private static WebhookRequest.Builder request(String url) {
    return WebhookRequest.builder(url, "completed").payload("{\"n\":1}");
  }
}
