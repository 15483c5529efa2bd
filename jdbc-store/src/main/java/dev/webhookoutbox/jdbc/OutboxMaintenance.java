package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.OutboxStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What an operator does to the outbox besides sending: status counts, replays and the retention
 * purge. Every method is one short transaction, or a series of them for the purge.
 *
 * <pre>{@code
 * OutboxMaintenance maintenance = new OutboxMaintenance(dataSource);
 * OutboxStatus status = maintenance.status();
 * maintenance.replay(deliveryId);                                   // one delivery, due now
 * maintenance.replayFailed("https://hooks.example.com", since, now); // after an outage
 * maintenance.replayFailedToUrl("https://hooks.example.com/c/42", since, now);
 * maintenance.replayFailedForSubject("prediction-42", since, now);
 * maintenance.purge(Retention.defaults(), batch -> {});
 * }</pre>
 *
 * Thread-safe.
 */
public final class OutboxMaintenance {

  private static final Logger log = LoggerFactory.getLogger(OutboxMaintenance.class);

  private final Jdbi jdbi;
  private final SqlDialect dialect;
  private final Columns columns;
  private final Clock clock;

  public OutboxMaintenance(DataSource dataSource) {
    this(dataSource, Clock.systemUTC());
  }

  public OutboxMaintenance(DataSource dataSource, Clock clock) {
    this(Jdbi.create(dataSource), SqlDialect.detect(dataSource), clock);
  }

  public OutboxMaintenance(Jdbi jdbi, SqlDialect dialect, Clock clock) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.columns = Columns.of(dialect);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Counts of unfinished and recently failed deliveries; three queries on partial indexes. */
  public OutboxStatus status() {
    Instant now = clock.instant();
    try {
      return jdbi.withHandle(
          handle -> {
            OutboxStatus pending =
                handle
                    .createQuery(sql("status-pending"))
                    .bind("now", columns.time(now))
                    .map(
                        (rs, ctx) -> {
                          Instant oldest = columns.instant(rs, "oldest_due_at");
                          return new OutboxStatus(
                              rs.getLong("deliveries"), rs.getLong("due"), 0, 0, oldest, now);
                        })
                    .one();
            long inFlight = handle.createQuery(sql("status-in-flight")).mapTo(Long.class).one();
            long failed =
                handle
                    .createQuery(sql("status-failed-since"))
                    .bind("since", columns.time(now.minus(Duration.ofHours(1))))
                    .mapTo(Long.class)
                    .one();
            return new OutboxStatus(
                pending.pending(), pending.due(), inFlight, failed, pending.oldestDueAt(), now);
          });
    } catch (JdbiException e) {
      throw new OutboxStoreException("Reading the outbox status failed", e);
    }
  }

  /**
   * Makes one delivery due now: a failed, delivered or superseded one is sent again under its
   * original id ({@code webhook-id}), a pending one at once. Its attempt count is kept, so an
   * exhausted delivery gets one more attempt (more only if the retry policy's limits allow). A
   * delivery in flight is left alone. If it fails for good again, the failure listener is called
   * again. A delivery failed as poisoned ({@code failure_kind = 'POISONED'}) starts a new count of
   * lost leases.
   *
   * @return whether the delivery exists and was not in flight
   */
  public boolean replay(UUID deliveryId) {
    Instant now = clock.instant();
    try {
      int updated =
          jdbi.withHandle(
              handle ->
                  handle
                      .createUpdate(sql("replay-one"))
                      .bind("id", columns.id(deliveryId))
                      .bind("now", columns.time(now))
                      .execute());
      if (updated > 0) {
        MDC.put("deliveryId", deliveryId.toString());
        try {
          log.info("Delivery {} replayed by an admin; due now", deliveryId);
        } finally {
          MDC.remove("deliveryId");
        }
      }
      return updated > 0;
    } catch (JdbiException e) {
      throw new OutboxStoreException("Replaying delivery " + deliveryId + " failed", e);
    }
  }

  /**
   * Makes every delivery that failed in {@code [since, until)} due now, to one URL origin or to
   * all.
   *
   * @param origin {@code scheme://host[:port]} (normalised with {@link UrlOrigins#of}), or {@code
   *     null} for every origin
   * @return how many deliveries were replayed
   */
  public int replayFailed(String origin, Instant since, Instant until) {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    String normalized = origin == null ? null : UrlOrigins.of(origin);
    Instant now = clock.instant();
    try {
      int updated =
          jdbi.withHandle(
              handle ->
                  handle
                      .createUpdate(sql("replay-failed"))
                      .bind("origin", normalized)
                      .bind("since", columns.time(since))
                      .bind("until", columns.time(until))
                      .bind("now", columns.time(now))
                      .execute());
      log.info(
          "Replayed {} failed deliveries to {} that failed between {} and {}",
          updated,
          normalized == null ? "any origin" : normalized,
          since,
          until);
      return updated;
    } catch (JdbiException e) {
      throw new OutboxStoreException("Replaying failed deliveries failed", e);
    }
  }

  /**
   * Makes every delivery to exactly {@code url} that failed in {@code [since, until)} due now,
   * under its original id ({@code webhook-id}), e.g. after one customer fixed an endpoint on a host
   * that many customers share.
   *
   * @return how many deliveries were replayed
   */
  public int replayFailedToUrl(String url, Instant since, Instant until) {
    return replayFailedWhere("replay-failed-to-url", "url", url, since, until);
  }

  /**
   * Makes every delivery of one subject (e.g. a prediction id) that failed in {@code [since,
   * until)} due now, under its original id.
   *
   * @return how many deliveries were replayed
   */
  public int replayFailedForSubject(String subject, Instant since, Instant until) {
    return replayFailedWhere("replay-failed-for-subject", "subject", subject, since, until);
  }

  private int replayFailedWhere(
      String query, String keyName, String key, Instant since, Instant until) {
    Objects.requireNonNull(key, keyName);
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    Instant now = clock.instant();
    try {
      int updated =
          jdbi.withHandle(
              handle ->
                  handle
                      .createUpdate(sql(query))
                      .bind(keyName, key)
                      .bind("since", columns.time(since))
                      .bind("until", columns.time(until))
                      .bind("now", columns.time(now))
                      .execute());
      log.info(
          "Replayed {} failed deliveries for {} {} that failed between {} and {}",
          updated,
          keyName,
          key,
          since,
          until);
      return updated;
    } catch (JdbiException e) {
      throw new OutboxStoreException("Replaying failed deliveries for " + keyName + " failed", e);
    }
  }

  /** Rows deleted by one batch of a purge. */
  public record PurgeBatch(String status, int deleted) {}

  /**
   * What a purge deleted.
   *
   * @param delivered delivered rows deleted
   * @param failed failed rows deleted
   * @param batches transactions used
   * @param superseded superseded rows deleted (kept as long as delivered ones)
   */
  public record PurgeResult(long delivered, long failed, int batches, long superseded) {}

  /** Observes a purge batch by batch, e.g. to show progress. */
  @FunctionalInterface
  public interface PurgeProgress {
    void batchDone(PurgeBatch batch);
  }

  /**
   * Deletes delivered, superseded and failed deliveries (and their attempts) older than {@code
   * retention} (superseded ones with the delivered age), in transactions of at most {@code
   * retention.batchSize()} rows so that no lock is held for long. Stops early, between batches, if
   * the thread is interrupted.
   */
  public PurgeResult purge(Retention retention, PurgeProgress progress) {
    Instant now = clock.instant();
    return purge(
        now.minus(retention.delivered()),
        now.minus(retention.failed()),
        retention.batchSize(),
        progress);
  }

  /**
   * As {@link #purge(Retention, PurgeProgress)}, with the cutoffs given: delivered and superseded
   * rows completed before {@code deliveredBefore}, failed ones before {@code failedBefore}.
   */
  PurgeResult purge(
      Instant deliveredBefore, Instant failedBefore, int batchSize, PurgeProgress progress) {
    int[] batches = new int[1];
    long delivered = purgeStatus("DELIVERED", deliveredBefore, batchSize, batches, progress);
    long failed = purgeStatus("FAILED", failedBefore, batchSize, batches, progress);
    long superseded = purgeStatus("SUPERSEDED", deliveredBefore, batchSize, batches, progress);
    if (delivered + failed + superseded > 0) {
      log.info(
          "Retention purge deleted {} delivered, {} failed and {} superseded deliveries in {}"
              + " batches",
          delivered,
          failed,
          superseded,
          batches[0]);
    }
    return new PurgeResult(delivered, failed, batches[0], superseded);
  }

  private long purgeStatus(
      String status, Instant cutoff, int batchSize, int[] batches, PurgeProgress progress) {
    UUID idBound = DeliveryIds.lowest(cutoff);
    long total = 0;
    while (!Thread.currentThread().isInterrupted()) {
      int deleted;
      int selected;
      try {
        int[] result =
            jdbi.inTransaction(
                handle -> {
                  List<UUID> ids =
                      handle
                          .createQuery(sql("purge-select"))
                          .bind("idBound", columns.id(idBound))
                          .bind("status", status)
                          .bind("cutoff", columns.time(cutoff))
                          .bind("limit", batchSize)
                          .map((rs, ctx) -> columns.id(rs, 1))
                          .list();
                  if (ids.isEmpty()) {
                    return new int[] {0, 0};
                  }
                  int n =
                      handle
                          .createUpdate(sql("purge-delete"))
                          .bindList("ids", columns.ids(ids))
                          .bind("status", status)
                          .execute();
                  return new int[] {ids.size(), n};
                });
        selected = result[0];
        deleted = result[1];
      } catch (JdbiException e) {
        throw new OutboxStoreException(
            "Purging " + status + " deliveries failed after deleting " + total, e);
      }
      if (selected == 0) {
        break;
      }
      batches[0]++;
      total += deleted;
      progress.batchDone(new PurgeBatch(status, deleted));
      if (selected < batchSize) {
        break;
      }
    }
    return total;
  }

  private String sql(String name) {
    return SqlResources.query(dialect, name);
  }
}
