package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.OutboxStoreException;
import dev.webhookoutbox.spi.FailedDelivery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The statements behind the failure listener: lease unnotified failures to one runner, and mark
 * them notified once the listener returned.
 */
final class FailureQueries {

  private final Jdbi jdbi;
  private final SqlDialect dialect;
  private final Columns columns;

  FailureQueries(Jdbi jdbi, SqlDialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.columns = Columns.of(dialect);
  }

  List<FailedDelivery> claim(
      String runnerId, int limit, Instant now, Instant leaseUntil, Instant failedSince) {
    try {
      return dialect == SqlDialect.POSTGRESQL
          ? jdbi.withHandle(
              handle ->
                  handle
                      .createQuery(sql("claim-unnotified-failures"))
                      .bind("runnerId", runnerId)
                      .bind("leaseUntil", columns.time(leaseUntil))
                      .bind("failedSince", columns.time(failedSince))
                      .bind("now", columns.time(now))
                      .bind("limit", limit)
                      .map((rs, ctx) -> toFailed(rs))
                      .list())
          : claimLockingFirst(runnerId, limit, now, leaseUntil, failedSince);
    } catch (JdbiException e) {
      throw new OutboxStoreException("Claiming failed deliveries to notify failed", e);
    }
  }

  private List<FailedDelivery> claimLockingFirst(
      String runnerId, int limit, Instant now, Instant leaseUntil, Instant failedSince) {
    return jdbi.inTransaction(
        handle -> {
          ClaimQueries.lockOnlyClaimedRows(handle, dialect);
          List<UUID> ids =
              handle
                  .createQuery(sql("claim-unnotified-failures-lock"))
                  .bind("failedSince", columns.time(failedSince))
                  .bind("now", columns.time(now))
                  .bind("limit", limit)
                  .map((rs, ctx) -> columns.id(rs, 1))
                  .list();
          if (ids.isEmpty()) {
            return List.of();
          }
          handle
              .createUpdate(sql("claim-unnotified-failures-mark"))
              .bindList("ids", columns.ids(ids))
              .bind("runnerId", runnerId)
              .bind("leaseUntil", columns.time(leaseUntil))
              .execute();
          return handle
              .createQuery(sql("claim-unnotified-failures-read"))
              .bindList("ids", columns.ids(ids))
              .bind("runnerId", runnerId)
              .map((rs, ctx) -> toFailed(rs))
              .list();
        });
  }

  int markNotified(String runnerId, Collection<UUID> ids, Instant now) {
    if (ids.isEmpty()) {
      return 0;
    }
    try {
      return jdbi.withHandle(
          handle ->
              handle
                  .createUpdate(sql("mark-failures-notified"))
                  .bindList("ids", columns.ids(ids))
                  .bind("runnerId", runnerId)
                  .bind("now", columns.time(now))
                  .execute());
    } catch (JdbiException e) {
      throw new OutboxStoreException("Marking " + ids.size() + " failures notified failed", e);
    }
  }

  private String sql(String name) {
    return SqlResources.query(dialect, name);
  }

  private FailedDelivery toFailed(ResultSet rs) throws SQLException {
    int code = rs.getInt("last_status_code");
    Integer lastStatusCode = rs.wasNull() ? null : code;
    return new FailedDelivery(
        columns.id(rs, "id"),
        rs.getString("url"),
        rs.getString("event_type"),
        rs.getString("subject"),
        rs.getString("payload"),
        rs.getInt("attempt_count"),
        lastStatusCode,
        rs.getString("last_error"),
        columns.instant(rs, "created_at"),
        columns.instant(rs, "completed_at"));
  }
}
