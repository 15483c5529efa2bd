package dev.webhookoutbox.jdbc;

import static dev.webhookoutbox.jdbc.JdbcOutboxStore.utc;

import dev.webhookoutbox.OutboxStoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Operator actions on the outbox: send deliveries again.
 *
 * <pre>{@code
 * OutboxAdmin admin = OutboxAdmin.create(dataSource);
 * admin.replay(deliveryId);                                          // one delivery
 * admin.replayFailedToUrl("https://example.com/hooks", Instant.parse("2026-01-01T00:00:00Z"));
 * admin.replayFailedForSubject("prediction-42", since);
 * }</pre>
 *
 * <p>A replay makes a final delivery ({@code DELIVERED}, {@code FAILED} or {@code SUPERSEDED}) due
 * now, under its original id, so the receiver sees the same {@code webhook-id} and can deduplicate.
 * Its retry preset starts over from the replay ({@code replayed_at}); attempt numbers continue
 * after the earlier attempts. If it fails for good again, the failure listener is called again.
 * Subject ordering still applies: a replayed older state is superseded if a newer one of its
 * subject has been delivered since. Each call is one statement in its own transaction; a runner
 * picks the rows up at its next poll.
 *
 * <p>Thread-safe.
 */
public final class OutboxAdmin {

  private final Jdbi jdbi;
  private final SqlDialect dialect;
  private final Clock clock;

  private OutboxAdmin(Jdbi jdbi, SqlDialect dialect, Clock clock) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.clock = clock;
  }

  public static OutboxAdmin create(DataSource dataSource) {
    return create(dataSource, Clock.systemUTC());
  }

  /** With the clock that stamps {@code replayed_at} and the new due time. */
  public static OutboxAdmin create(DataSource dataSource, Clock clock) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new OutboxAdmin(
        Jdbi.create(dataSource),
        SqlDialect.detect(dataSource),
        Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Sends one delivery again.
   *
   * @return {@code false} if there is no such delivery or it is still pending or in flight
   */
  public boolean replay(UUID deliveryId) {
    Objects.requireNonNull(deliveryId, "deliveryId");
    return update("replay-delivery", "id", deliveryId, null) == 1;
  }

  /**
   * Sends again every {@code FAILED} delivery to exactly this URL that failed at or after {@code
   * failedSince}, e.g. after the receiver was down.
   *
   * @return how many deliveries are due again
   */
  public int replayFailedToUrl(String url, Instant failedSince) {
    return update(
        "replay-failed-to-url",
        "url",
        Objects.requireNonNull(url, "url"),
        Objects.requireNonNull(failedSince, "failedSince"));
  }

  /**
   * Sends again every {@code FAILED} delivery of one subject that failed at or after {@code
   * failedSince}.
   *
   * @return how many deliveries are due again
   */
  public int replayFailedForSubject(String subject, Instant failedSince) {
    return update(
        "replay-failed-for-subject",
        "subject",
        Objects.requireNonNull(subject, "subject"),
        Objects.requireNonNull(failedSince, "failedSince"));
  }

  private int update(String query, String keyName, Object key, Instant since) {
    Instant now = clock.instant();
    try {
      return jdbi.withHandle(
          handle -> {
            var update =
                handle
                    .createUpdate(SqlResources.query(dialect, query))
                    .bind(keyName, key)
                    .bind("now", utc(now));
            if (since != null) {
              update.bind("since", utc(since));
            }
            return update.execute();
          });
    } catch (JdbiException e) {
      throw new OutboxStoreException("Replaying (" + query + " " + key + ") failed", e);
    }
  }
}
