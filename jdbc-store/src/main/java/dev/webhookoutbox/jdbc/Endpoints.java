package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.OutboxStoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator does with endpoints (URL origins): see their health, disable one by hand, and
 * enable one that was disabled, by hand or because it failed for days. The same is possible with
 * plain SQL on {@code webhook_endpoint} (docs/admin-sql.md).
 *
 * <pre>{@code
 * Endpoints endpoints = new Endpoints(dataSource);
 * endpoints.list();                                      // every known origin and its state
 * endpoints.disable("https://hooks.example.com", "customer asked to pause");
 * endpoints.enable("https://hooks.example.com");         // parked deliveries are due now
 * }</pre>
 *
 * <p>Runners re-read the disabled origins every few seconds ({@code
 * EndpointHealthSettings.checkInterval}), so a change takes effect within that time. Thread-safe.
 */
public final class Endpoints {

  private static final Logger log = LoggerFactory.getLogger(Endpoints.class);

  private final Jdbi jdbi;
  private final SqlDialect dialect;
  private final Columns columns;
  private final Clock clock;

  public Endpoints(DataSource dataSource) {
    this(dataSource, Clock.systemUTC());
  }

  public Endpoints(DataSource dataSource, Clock clock) {
    this(Jdbi.create(dataSource), SqlDialect.detect(dataSource), clock);
  }

  public Endpoints(Jdbi jdbi, SqlDialect dialect, Clock clock) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.columns = Columns.of(dialect);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Every origin the runners have reported on or an admin disabled, by origin. */
  public List<EndpointView> list() {
    try {
      return jdbi.withHandle(
          handle -> handle.createQuery(sql("list-endpoints")).map((rs, ctx) -> toView(rs)).list());
    } catch (JdbiException e) {
      throw new OutboxStoreException("Listing endpoints failed", e);
    }
  }

  /**
   * One origin's row.
   *
   * @param origin a URL or origin; normalised with {@link UrlOrigins#of}
   */
  public Optional<EndpointView> find(String origin) {
    String normalized = UrlOrigins.of(origin);
    try {
      return jdbi.withHandle(
          handle ->
              handle
                  .createQuery(sql("find-endpoint"))
                  .bind("origin", normalized)
                  .map((rs, ctx) -> toView(rs))
                  .findOne());
    } catch (JdbiException e) {
      throw new OutboxStoreException("Reading endpoint " + normalized + " failed", e);
    }
  }

  /**
   * Disables an origin, known to the runners or not: its deliveries are parked when next claimed,
   * without spending attempts, and new ones wait too. The endpoint listener is told.
   *
   * @return whether it was enabled before
   */
  public boolean disable(String origin, String reason) {
    String normalized = UrlOrigins.of(origin);
    Objects.requireNonNull(reason, "reason");
    Instant now = clock.instant();
    try {
      int updated =
          jdbi.withHandle(
              handle ->
                  handle
                      .createUpdate(sql("disable-endpoint"))
                      .bind("origin", normalized)
                      .bind("reason", TextSanitizer.cap(reason, 2000))
                      .bind("now", columns.time(now))
                      .execute());
      if (updated > 0) {
        log.warn("Endpoint {} disabled by an admin: {}", normalized, reason);
      }
      return updated > 0;
    } catch (JdbiException e) {
      throw new OutboxStoreException("Disabling endpoint " + normalized + " failed", e);
    }
  }

  /**
   * Enables a disabled origin and makes its parked deliveries due now (runners whose copy of the
   * disabled origins is a few seconds old may park some again; the maintenance job releases those
   * at its next check). Its failing period starts afresh.
   *
   * @return whether it was disabled
   */
  public boolean enable(String origin) {
    String normalized = UrlOrigins.of(origin);
    Instant now = clock.instant();
    try {
      int[] counts =
          jdbi.inTransaction(
              handle -> {
                int enabled =
                    handle
                        .createUpdate(sql("enable-endpoint"))
                        .bind("origin", normalized)
                        .bind("now", columns.time(now))
                        .execute();
                int released =
                    enabled == 0 ? 0 : ParkedDeliveries.release(handle, dialect, normalized, now);
                return new int[] {enabled, released};
              });
      if (counts[0] > 0) {
        log.info(
            "Endpoint {} enabled by an admin; {} parked deliveries are due now",
            normalized,
            counts[1]);
      }
      return counts[0] > 0;
    } catch (JdbiException e) {
      throw new OutboxStoreException("Enabling endpoint " + normalized + " failed", e);
    }
  }

  private String sql(String name) {
    return SqlResources.query(dialect, name);
  }

  private EndpointView toView(ResultSet rs) throws SQLException {
    return new EndpointView(
        rs.getString("origin"),
        columns.instant(rs, "failing_since"),
        columns.instant(rs, "last_failure_at"),
        columns.instant(rs, "last_success_at"),
        rs.getString("last_error"),
        columns.instant(rs, "disabled_at"),
        rs.getString("disabled_reason"),
        columns.instant(rs, "updated_at"));
  }
}
