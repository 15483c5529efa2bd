package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.DeliveryBrowser;
import dev.webhookoutbox.jdbc.DeliveryView;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.WebhookRunner;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * MariaDB stores instants as the UTC wall clock in {@code DATETIME(6)} columns, whatever the time
 * zone of the JVM that writes them and of its database session: a runner in New York on a session
 * at +05:30 writes the same values as one in UTC, the admin views (which compare with {@code
 * UTC_TIMESTAMP()}) see them as recent, and the library reads them back as the instants written.
 */
class MariaDbTimeZoneIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void instantsRoundTripAsUtcWhateverTheJvmsAndTheSessionsTimeZone() throws Exception {
    TimeZone jvmZone = TimeZone.getDefault();
    try (TestDatabase db = TestDatabase.mariadb();
        TestReceiver ok = new TestReceiver();
        TestReceiver rejecting = new TestReceiver().respondWith(request -> 400)) {
      TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
      try (HikariDataSource elsewhere = offsetSession(db, "+05:30");
          WebhookRunner runner = TestRunners.fast(elsewhere, "new-york").build()) {
        runner.start();
        WebhookOutbox outbox = WebhookOutbox.builder().options(TestRunners.options()).build();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID delivered =
            outbox.enqueueWithoutTransaction(
                elsewhere,
                WebhookRequest.builder(ok.url("/tz"), "completed").payload("{}").build());
        UUID failed =
            outbox.enqueueWithoutTransaction(
                elsewhere,
                WebhookRequest.builder(rejecting.url("/tz"), "completed").payload("{}").build());
        Instant after = Instant.now();
        OutboxQueries elsewhereSql = new OutboxQueries(elsewhere);
        // Claimed at once: next_attempt_at <= now compares UTC with UTC.
        await().atMost(WAIT).until(() -> "DELIVERED".equals(elsewhereSql.status(delivered)));
        await().atMost(WAIT).until(() -> "FAILED".equals(elsewhereSql.status(failed)));

        // As written, read by a plain session: the UTC wall clock of the enqueue.
        Map<String, Object> row =
            new OutboxQueries(db.dataSource())
                .query(
                    "SELECT CAST(created_at AS char) AS created, CAST(completed_at AS char)"
                        + " AS completed FROM webhook_delivery WHERE id = ?",
                    delivered.toString())
                .get(0);
        Instant created = utc((String) row.get("created"));
        assertThat(created).isBetween(before, after);
        assertThat(utc((String) row.get("completed"))).isBetween(created, Instant.now());

        // The views compare with UTC_TIMESTAMP(), whatever the session's time zone.
        assertThat(
                elsewhereSql.count(
                    "SELECT count(*) FROM webhook_failed_delivery"
                        + " WHERE failed_at >= UTC_TIMESTAMP() - INTERVAL 1 MINUTE AND id = ?",
                    failed.toString()))
            .isOne();
        // And the library reads back the instants it wrote.
        DeliveryView view = new DeliveryBrowser(elsewhere).find(delivered).orElseThrow();
        assertThat(view.createdAt()).isEqualTo(created);
      }
    } finally {
      TimeZone.setDefault(jvmZone);
    }
  }

  /** A pool on the same database whose sessions run at {@code offset}. */
  private static HikariDataSource offsetSession(TestDatabase db, String offset) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    config.setUsername(db.user());
    config.setPassword(db.password());
    config.setMaximumPoolSize(6);
    config.setConnectionInitSql("SET time_zone = '" + offset + "'");
    return new HikariDataSource(config);
  }

  private static Instant utc(String dateTime) {
    return LocalDateTime.parse(dateTime.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
  }
}
