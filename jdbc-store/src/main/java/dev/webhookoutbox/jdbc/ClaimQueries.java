package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.OutboxStoreException;
import dev.webhookoutbox.signing.SecretCipher;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.ExpiredLeases;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;

/**
 * The statements of a claim's life: claim due deliveries under a lease, give claims back, and
 * release the leases that expired. PostgreSQL claims in one {@code UPDATE … RETURNING}; H2 and
 * MariaDB lock the due rows first and mark them by id. MariaDB and MySQL, which have no {@code
 * UPDATE … RETURNING}, release expired leases that way too.
 */
final class ClaimQueries {

  private final Jdbi jdbi;
  private final SqlDialect dialect;
  private final Columns columns;
  private final SecretCipher secretCipher;

  /**
   * @param secretCipher decrypts stored signing keys, or {@code null} to read them as stored
   */
  ClaimQueries(Jdbi jdbi, SqlDialect dialect, SecretCipher secretCipher) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.columns = Columns.of(dialect);
    this.secretCipher = secretCipher;
  }

  List<ClaimedDelivery> claimDue(String runnerId, int limit, Instant now, Instant leaseUntil) {
    try {
      return dialect == SqlDialect.POSTGRESQL
          ? claimInOneStatement(runnerId, limit, now, leaseUntil)
          : claimLockingFirst(runnerId, limit, now, leaseUntil);
    } catch (JdbiException | SQLException e) {
      throw new OutboxStoreException("Claiming due deliveries failed", e);
    }
  }

  private List<ClaimedDelivery> claimInOneStatement(
      String runnerId, int limit, Instant now, Instant leaseUntil) throws SQLException {
    return jdbi.inTransaction(
        handle -> {
          CustomPlans.preferIndexLookups(handle.getConnection());
          return handle
              .createQuery(sql("claim-due"))
              .addCustomizer(
                  new StatementCustomizer() {
                    @Override
                    public void beforeExecution(PreparedStatement stmt, StatementContext ctx)
                        throws SQLException {
                      CustomPlans.planEveryExecution(stmt);
                    }
                  })
              .bind("runnerId", runnerId)
              .bind("leaseUntil", columns.time(leaseUntil))
              .bind("now", columns.time(now))
              .bind("limit", limit)
              .map((rs, ctx) -> toClaimed(rs))
              .list();
        });
  }

  private List<ClaimedDelivery> claimLockingFirst(
      String runnerId, int limit, Instant now, Instant leaseUntil) {
    return jdbi.inTransaction(
        handle -> {
          lockOnlyClaimedRows(handle, dialect);
          List<UUID> ids =
              handle
                  .createQuery(sql("claim-due-lock"))
                  .bind("now", columns.time(now))
                  .bind("limit", limit)
                  .map((rs, ctx) -> columns.id(rs, 1))
                  .list();
          if (ids.isEmpty()) {
            return List.of();
          }
          handle
              .createUpdate(sql("claim-due-mark"))
              .bindList("ids", columns.ids(ids))
              .bind("runnerId", runnerId)
              .bind("leaseUntil", columns.time(leaseUntil))
              .bind("now", columns.time(now))
              .execute();
          return handle
              .createQuery(sql("claim-due-read"))
              .bindList("ids", columns.ids(ids))
              .bind("runnerId", runnerId)
              .map((rs, ctx) -> toClaimed(rs))
              .list();
        });
  }

  int releaseClaims(String runnerId, Collection<UUID> deliveryIds, Instant dueAt, Instant now) {
    if (deliveryIds.isEmpty()) {
      return 0;
    }
    try {
      return jdbi.withHandle(
          handle ->
              handle
                  .createUpdate(sql("release-claims"))
                  .bindList("ids", columns.ids(deliveryIds))
                  .bind("runnerId", runnerId)
                  .bind("dueAt", columns.time(dueAt))
                  .bind("now", columns.time(now))
                  .execute());
    } catch (JdbiException e) {
      throw new OutboxStoreException("Releasing " + deliveryIds.size() + " claims failed", e);
    }
  }

  ExpiredLeases releaseExpiredLeases(Instant now, int maxLostLeases) {
    if (maxLostLeases < 1) {
      throw new IllegalArgumentException("maxLostLeases must be at least 1, was " + maxLostLeases);
    }
    try {
      if (dialect == SqlDialect.MARIADB) {
        return releaseExpiredLockingFirst(now, maxLostLeases);
      }
      List<Map.Entry<UUID, String>> rows =
          jdbi.inTransaction(
              handle ->
                  handle
                      .createQuery(sql("release-expired-leases"))
                      .bind("now", columns.time(now))
                      .bind("maxLostLeases", maxLostLeases)
                      .map((rs, ctx) -> Map.entry(columns.id(rs, "id"), rs.getString("status")))
                      .list());
      List<UUID> poisoned =
          rows.stream()
              .filter(row -> "FAILED".equals(row.getValue()))
              .map(Map.Entry::getKey)
              .toList();
      return new ExpiredLeases(rows.size() - poisoned.size(), poisoned);
    } catch (JdbiException e) {
      throw new OutboxStoreException("Releasing expired leases failed", e);
    }
  }

  /**
   * MariaDB and MySQL have no {@code UPDATE … RETURNING}: the expired leases are locked first (with
   * the count of lost claims each had), then released by id, in one transaction, so which of them
   * were poisoned follows from what the lock read.
   */
  private ExpiredLeases releaseExpiredLockingFirst(Instant now, int maxLostLeases) {
    return jdbi.inTransaction(
        handle -> {
          lockOnlyClaimedRows(handle, dialect);
          List<Map.Entry<UUID, Integer>> expired =
              handle
                  .createQuery(sql("release-expired-leases-lock"))
                  .bind("now", columns.time(now))
                  .map((rs, ctx) -> Map.entry(columns.id(rs, "id"), rs.getInt("lost_leases")))
                  .list();
          if (expired.isEmpty()) {
            return new ExpiredLeases(0, List.of());
          }
          handle
              .createUpdate(sql("release-expired-leases-mark"))
              .bindList("ids", columns.ids(expired.stream().map(Map.Entry::getKey).toList()))
              .bind("now", columns.time(now))
              .bind("maxLostLeases", maxLostLeases)
              .execute();
          List<UUID> poisoned =
              expired.stream()
                  .filter(row -> row.getValue() + 1 >= maxLostLeases)
                  .map(Map.Entry::getKey)
                  .toList();
          return new ExpiredLeases(expired.size() - poisoned.size(), poisoned);
        });
  }

  /**
   * On MariaDB and MySQL, makes the claim transaction just begun lock only the rows it claims (see
   * {@code mariadb/claim-isolation.sql}); PostgreSQL and H2 run at READ COMMITTED already.
   */
  static void lockOnlyClaimedRows(Handle handle, SqlDialect dialect) {
    if (dialect == SqlDialect.MARIADB) {
      handle.execute(SqlResources.query(dialect, "claim-isolation"));
    }
  }

  private String sql(String name) {
    return SqlResources.query(dialect, name);
  }

  private ClaimedDelivery toClaimed(ResultSet rs) throws SQLException {
    UUID id = columns.id(rs, "id");
    return new ClaimedDelivery(
        id,
        rs.getString("url"),
        rs.getString("event_type"),
        rs.getString("subject"),
        rs.getString("payload"),
        SecretColumn.decode(rs.getString("signing_secrets"), secretCipher, id),
        rs.getInt("attempt_count"),
        columns.instant(rs, "created_at"),
        HeaderColumn.decode(rs.getString("extra_headers")),
        EventKind.valueOf(rs.getString("event_kind")),
        rs.getString("retry_preset"),
        rs.getBoolean("has_neighbours"));
  }
}
