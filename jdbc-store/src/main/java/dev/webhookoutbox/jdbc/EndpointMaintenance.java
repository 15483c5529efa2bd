package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.OutboxStoreException;
import dev.webhookoutbox.spi.EndpointDisabled;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statements of the periodic endpoint work (the cluster part of {@link JdbcOutboxStore}'s
 * {@link dev.webhookoutbox.spi.EndpointRegistry}): disable origins that failed for too long, lease
 * and mark the disablements the endpoint listener is told about, and release the parked deliveries
 * of origins that were enabled again (also by plain SQL). Every step is a few statements on the
 * small {@code webhook_endpoint} table and guarded by conditional updates, so several nodes running
 * it at once disable and notify each origin once.
 *
 * <pre>{@code
 * EndpointMaintenance maintenance = new EndpointMaintenance(dataSource, clock);
 * maintenance.disableFailing(Duration.ofDays(5)); // e.g. from an admin tool
 * }</pre>
 */
public final class EndpointMaintenance {

  private static final Logger log = LoggerFactory.getLogger(EndpointMaintenance.class);

  private record Parked(String origin, long version) {}

  private final Jdbi jdbi;
  private final SqlDialect dialect;
  private final Columns columns;
  private final Clock clock;

  public EndpointMaintenance(DataSource dataSource, Clock clock) {
    this(Jdbi.create(dataSource), SqlDialect.detect(dataSource), clock);
  }

  public EndpointMaintenance(Jdbi jdbi, SqlDialect dialect, Clock clock) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.columns = Columns.of(dialect);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Disables every enabled origin whose reported failures span at least {@code failingFor} with no
   * success since the first: its first and its latest failure are that far apart. An origin that
   * failed once and then saw no traffic is not disabled.
   *
   * @return the origins this call disabled
   */
  public List<EndpointDisabled> disableFailing(Duration failingFor) {
    return disableFailing(failingFor, clock.instant());
  }

  /** As {@link #disableFailing(Duration)}, at {@code now}. */
  List<EndpointDisabled> disableFailing(Duration failingFor, Instant now) {
    try {
      List<EndpointDisabled> candidates =
          jdbi.withHandle(
              handle ->
                  handle
                      .createQuery(sql("endpoints-failing-since"))
                      .bind("cutoff", columns.time(now.minus(failingFor)))
                      .map((rs, ctx) -> failingEndpoint(rs, now, null))
                      .list());
      List<EndpointDisabled> disabled = new ArrayList<>();
      for (EndpointDisabled c : candidates) {
        if (c.lastFailureAt() == null
            || c.lastFailureAt().isBefore(c.failingSince().plus(failingFor))) {
          continue;
        }
        String reason =
            "every attempt failed from " + c.failingSince() + " to " + c.lastFailureAt();
        int updated =
            jdbi.withHandle(
                handle ->
                    handle
                        .createUpdate(sql("disable-failing-endpoint"))
                        .bind("origin", c.origin())
                        .bind("failingSince", columns.time(c.failingSince()))
                        .bind("reason", reason)
                        .bind("now", columns.time(now))
                        .execute());
        if (updated > 0) {
          log.warn(
              "Endpoint {} disabled: {} (last error: {}); its deliveries wait until it is enabled",
              c.origin(),
              reason,
              c.lastError());
          disabled.add(
              new EndpointDisabled(
                  c.origin(), c.failingSince(), c.lastFailureAt(), c.lastError(), now, reason));
        }
      }
      return disabled;
    } catch (JdbiException e) {
      throw new OutboxStoreException("Disabling failing endpoints failed", e);
    }
  }

  /**
   * Leases the disablements whose listener was not called yet, each for {@code leaseUntil}, so that
   * no other node calls it concurrently; those another node holds, or that changed meanwhile, are
   * left out.
   */
  List<EndpointDisabled> claimToNotify(Instant now, Instant leaseUntil) {
    List<EndpointDisabled> pending;
    try {
      pending =
          jdbi.withHandle(
              handle ->
                  handle
                      .createQuery(sql("endpoints-to-notify"))
                      .bind("now", columns.time(now))
                      .map(
                          (rs, ctx) ->
                              failingEndpoint(
                                  rs,
                                  columns.instant(rs, "disabled_at"),
                                  rs.getString("disabled_reason")))
                      .list());
    } catch (JdbiException e) {
      throw new OutboxStoreException("Reading disabled endpoints to notify failed", e);
    }
    List<EndpointDisabled> leased = new ArrayList<>(pending.size());
    for (EndpointDisabled event : pending) {
      if (lease(event, leaseUntil, now) > 0) {
        leased.add(event);
      }
    }
    return leased;
  }

  /**
   * Makes the parked deliveries of every enabled origin that has some due now.
   *
   * @return how many deliveries were released
   */
  public int releaseParked() {
    return releaseParked(clock.instant());
  }

  int releaseParked(Instant now) {
    try {
      return jdbi.inTransaction(
          handle -> {
            int total = 0;
            List<Parked> origins =
                handle
                    .createQuery(sql("endpoints-to-release"))
                    .map(
                        (rs, ctx) -> new Parked(rs.getString("origin"), rs.getLong("park_version")))
                    .list();
            for (Parked parked : origins) {
              String origin = parked.origin();
              int released = ParkedDeliveries.release(handle, dialect, origin, now);
              handle
                  .createUpdate(sql("clear-endpoint-parked"))
                  .bind("origin", origin)
                  .bind("parkVersion", parked.version())
                  .execute();
              if (released > 0) {
                log.info(
                    "Endpoint {} is enabled; {} parked deliveries are due now", origin, released);
              }
              total += released;
            }
            return total;
          });
    } catch (JdbiException e) {
      throw new OutboxStoreException("Releasing parked deliveries failed", e);
    }
  }

  private int lease(EndpointDisabled event, Instant leaseUntil, Instant now) {
    try {
      return jdbi.withHandle(
          handle ->
              handle
                  .createUpdate(sql("lease-endpoint-notification"))
                  .bind("origin", event.origin())
                  .bind("disabledAt", columns.time(event.disabledAt()))
                  .bind("leaseUntil", columns.time(leaseUntil))
                  .bind("now", columns.time(now))
                  .execute());
    } catch (JdbiException e) {
      throw new OutboxStoreException(
          "Leasing the notification of " + event.origin() + " failed", e);
    }
  }

  void markNotified(EndpointDisabled event) {
    try {
      jdbi.useHandle(
          handle ->
              handle
                  .createUpdate(sql("mark-endpoint-notified"))
                  .bind("origin", event.origin())
                  .bind("disabledAt", columns.time(event.disabledAt()))
                  .execute());
    } catch (JdbiException e) {
      // The listener is called again after the lease: at least once, as documented.
      throw new OutboxStoreException("Marking " + event.origin() + " notified failed", e);
    }
  }

  /** An endpoint row with its failure streak, and when and why it was (or is being) disabled. */
  private EndpointDisabled failingEndpoint(ResultSet rs, Instant disabledAt, String disabledReason)
      throws SQLException {
    return new EndpointDisabled(
        rs.getString("origin"),
        columns.instant(rs, "failing_since"),
        columns.instant(rs, "last_failure_at"),
        rs.getString("last_error"),
        disabledAt,
        disabledReason);
  }

  private String sql(String name) {
    return SqlResources.query(dialect, name);
  }
}
