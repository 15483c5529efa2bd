package dev.webhookoutbox.jdbc;

import static dev.webhookoutbox.jdbc.JdbcOutboxStore.instantOrNull;
import static dev.webhookoutbox.jdbc.JdbcOutboxStore.utc;

import dev.webhookoutbox.DeliveryStatus;
import dev.webhookoutbox.OutboxStoreException;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.OrderingFacts;
import dev.webhookoutbox.spi.Settlement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/** The statements behind subject ordering: one query per claimed batch, one batched write. */
final class OrderingQueries {

  private final Jdbi jdbi;
  private final SqlDialect dialect;

  OrderingQueries(Jdbi jdbi, SqlDialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
  }

  List<OrderingFacts> facts(List<ClaimedDelivery> claimed) {
    if (claimed.isEmpty()) {
      return List.of();
    }
    List<UUID> ids = claimed.stream().map(ClaimedDelivery::id).toList();
    try {
      return jdbi.withHandle(
          handle -> {
            Query query = handle.createQuery(SqlResources.query(dialect, "ordering-facts"));
            if (dialect == SqlDialect.POSTGRESQL) {
              query
                  .bindArray("ids", UUID.class, ids)
                  .bindArray(
                      "subjects",
                      String.class,
                      claimed.stream().map(ClaimedDelivery::subject).toList());
            } else {
              query.bindList("ids", ids);
            }
            return query
                .map(
                    (rs, ctx) ->
                        new OrderingFacts(
                            rs.getObject("id", UUID.class),
                            rs.getBoolean("strict_order"),
                            rs.getObject("newer_delivered_id", UUID.class),
                            rs.getBoolean("older_in_flight"),
                            instantOrNull(rs, "older_first_attempt_due_at"),
                            instantOrNull(rs, "older_pending_due_at"),
                            rs.getObject("newer_intermediate_in_flight_id", UUID.class),
                            instantOrNull(rs, "last_intermediate_attempt_at")))
                .list();
          });
    } catch (JdbiException e) {
      throw new OutboxStoreException(
          "Reading the subject order of " + ids.size() + " claimed deliveries failed", e);
    }
  }

  int settle(String runnerId, List<Settlement> settlements, Instant now) {
    if (settlements.isEmpty()) {
      return 0;
    }
    OffsetDateTime nowUtc = utc(now);
    try {
      int[] counts =
          jdbi.inTransaction(
              handle -> {
                PreparedBatch batch =
                    handle.prepareBatch(SqlResources.query(dialect, "settle-claim"));
                for (Settlement settlement : settlements) {
                  boolean superseded = settlement.newStatus() == DeliveryStatus.SUPERSEDED;
                  batch
                      .bind("status", settlement.newStatus().name())
                      .bind("nextAttemptAt", superseded ? nowUtc : utc(settlement.nextAttemptAt()))
                      .bindByType(
                          "reason",
                          TextSanitizer.cap(settlement.reason(), OutcomeRow.MAX_ERROR_LENGTH),
                          String.class)
                      .bind("now", nowUtc)
                      .bindByType("completedAt", superseded ? nowUtc : null, OffsetDateTime.class)
                      .bind("deliveryId", settlement.deliveryId())
                      .bind("runnerId", runnerId)
                      .add();
                }
                return batch.execute();
              });
      return Arrays.stream(counts).sum();
    } catch (JdbiException e) {
      throw new OutboxStoreException(
          "Holding back or superseding " + settlements.size() + " deliveries failed", e);
    }
  }
}
