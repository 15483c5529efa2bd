package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.OutboxStoreException;
import dev.webhookoutbox.dispatch.EndpointHealthSettings;
import dev.webhookoutbox.spi.EndpointDisabled;
import dev.webhookoutbox.spi.EndpointListener;
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
 * The periodic endpoint work, run by the runners' endpoint maintenance job: disable origins that
 * failed for too long, tell the endpoint listener about disablements, and release the parked
 * deliveries of origins that were enabled again (also by plain SQL). Every step is a few statements
 * on the small {@code webhook_endpoint} table and guarded by conditional updates, so several nodes
 * running it at once disable and notify each origin once.
 *
 * <pre>{@code
 * EndpointMaintenance maintenance = new EndpointMaintenance(dataSource, clock);
 * maintenance.run(EndpointHealthSettings.defaults(), event -> mailer.endpointDisabled(event));
 * }</pre>
 */
public final class EndpointMaintenance {

  private static final Logger log = LoggerFactory.getLogger(EndpointMaintenance.class);
  private static final Duration NOTIFY_LEASE = Duration.ofMinutes(5);

  private record Parked(String origin, long version) {}

  /** What one {@link #run} did. */
  public record Result(int disabled, int notified, int released) {}

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
   * Disables failing origins (if {@code settings.autoDisable()}), notifies {@code listener} (if not
   * {@code null}), and releases the parked deliveries of enabled origins.
   */
  public Result run(EndpointHealthSettings settings, EndpointListener listener) {
    int disabled = settings.autoDisable() ? disableFailing(settings.disableAfter()).size() : 0;
    int notified = listener == null ? 0 : notifyDisabled(listener);
    return new Result(disabled, notified, releaseParked());
  }

  /**
   * Disables every enabled origin whose reported failures span at least {@code failingFor} with no
   * success since the first: its first and its latest failure are that far apart. An origin that
   * failed once and then saw no traffic is not disabled.
   *
   * @return the origins this call disabled
   */
  public List<EndpointDisabled> disableFailing(Duration failingFor) {
    Instant now = clock.instant();
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
   * Calls the listener once for each disablement it was not called for yet, holding each for a few
   * minutes so that no other node calls it concurrently; marks it notified when it returns.
   *
   * @return how many calls returned normally
   */
  public int notifyDisabled(EndpointListener listener) {
    Instant now = clock.instant();
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
    int notified = 0;
    for (EndpointDisabled event : pending) {
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
      if (lease(event, now.plus(NOTIFY_LEASE), now) == 0) {
        continue; // another node holds it, or it changed meanwhile
      }
      try {
        listener.disabled(event);
      } catch (Exception e) {
        log.warn("The endpoint listener threw for {}; it is called again later", event.origin(), e);
        continue;
      }
      markNotified(event);
      notified++;
    }
    return notified;
  }

  /**
   * Makes the parked deliveries of every enabled origin that has some due now.
   *
   * @return how many deliveries were released
   */
  public int releaseParked() {
    Instant now = clock.instant();
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

  private void markNotified(EndpointDisabled event) {
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
