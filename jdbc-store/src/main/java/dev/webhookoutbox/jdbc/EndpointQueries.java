package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.OutboxStoreException;
import dev.webhookoutbox.spi.EndpointHealth;
import dev.webhookoutbox.spi.EndpointRegistry;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The endpoint statements the dispatch loop runs: health reports (rare, batched), the disabled
 * origins (every few seconds), and parking claimed deliveries of disabled origins.
 */
final class EndpointQueries {

  private final Jdbi jdbi;
  private final SqlDialect dialect;
  private final Columns columns;

  EndpointQueries(Jdbi jdbi, SqlDialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.columns = Columns.of(dialect);
  }

  void recordHealth(List<EndpointHealth> reports, Instant now) {
    if (reports.isEmpty()) {
      return;
    }
    try {
      jdbi.useTransaction(
          handle -> {
            PreparedBatch batch = handle.prepareBatch(sql("record-endpoint-health"));
            for (EndpointHealth report : reports) {
              batch
                  .bind("origin", report.origin())
                  .bind("failureAt", columns.time(report.healthy() ? null : report.at()))
                  .bind("successAt", columns.time(report.healthy() ? report.at() : null))
                  .bindByType("error", TextSanitizer.cap(report.error(), 2000), String.class)
                  .bind("now", columns.time(now))
                  .add();
            }
            batch.execute();
          });
    } catch (JdbiException e) {
      throw new OutboxStoreException(
          "Recording " + reports.size() + " endpoint health reports failed", e);
    }
  }

  Set<String> disabledOrigins() {
    try {
      return jdbi.withHandle(
          handle ->
              new HashSet<>(
                  handle.createQuery(sql("disabled-origins")).mapTo(String.class).list()));
    } catch (JdbiException e) {
      throw new OutboxStoreException("Reading the disabled endpoints failed", e);
    }
  }

  int park(String runnerId, Collection<String> origins, Collection<UUID> ids, Instant now) {
    if (ids.isEmpty()) {
      return 0;
    }
    try {
      return jdbi.inTransaction(
          handle -> {
            int parked =
                handle
                    .createUpdate(sql("release-claims"))
                    .bindList("ids", columns.ids(ids))
                    .bind("runnerId", runnerId)
                    .bind("dueAt", columns.time(EndpointRegistry.PARKED_UNTIL))
                    .bind("now", columns.time(now))
                    .execute();
            if (!origins.isEmpty()) {
              handle
                  .createUpdate(sql("mark-endpoints-parked"))
                  .bindList("origins", List.copyOf(origins))
                  .bind("now", columns.time(now))
                  .execute();
            }
            return parked;
          });
    } catch (JdbiException e) {
      throw new OutboxStoreException("Parking " + ids.size() + " deliveries failed", e);
    }
  }

  private String sql(String name) {
    return SqlResources.query(dialect, name);
  }
}
