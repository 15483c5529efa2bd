package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.OutboxStoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Read-only queries behind the deliveries page: recent deliveries, one delivery, its attempts.
 * Reads the {@code webhook_delivery_overview} view, so it needs schema version 3.
 *
 * <pre>{@code
 * DeliveryBrowser browser = new DeliveryBrowser(dataSource);
 * List<DeliveryView> failed = browser.recent(new DeliveryFilter("FAILED", null, null), 50);
 * }</pre>
 */
public final class DeliveryBrowser {

  private final Jdbi jdbi;
  private final SqlDialect dialect;
  private final Columns columns;

  public DeliveryBrowser(DataSource dataSource) {
    this(Jdbi.create(dataSource), SqlDialect.detect(dataSource));
  }

  public DeliveryBrowser(Jdbi jdbi, SqlDialect dialect) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.columns = Columns.of(dialect);
  }

  /** The newest deliveries matching {@code filter}, newest first. */
  public List<DeliveryView> recent(DeliveryFilter filter, int limit) {
    return read(
        "Listing deliveries",
        () ->
            jdbi.withHandle(
                handle ->
                    handle
                        .createQuery(sql("browse-recent"))
                        .bind("status", filter.status())
                        .bind("origin", filter.origin())
                        .bind("subject", filter.subject())
                        .bind("limit", Math.max(1, Math.min(limit, 1000)))
                        .map((rs, ctx) -> toView(rs))
                        .list()));
  }

  public Optional<DeliveryView> find(UUID id) {
    return read(
        "Reading delivery " + id,
        () ->
            jdbi.withHandle(
                handle ->
                    handle
                        .createQuery(sql("browse-one"))
                        .bind("id", columns.id(id))
                        .map((rs, ctx) -> toView(rs))
                        .findOne()));
  }

  /** The JSON body as enqueued; receiver- and caller-supplied text, escape it before display. */
  public Optional<String> payload(UUID id) {
    return read(
        "Reading the payload of " + id,
        () ->
            jdbi.withHandle(
                handle ->
                    handle
                        .createQuery(sql("browse-payload"))
                        .bind("id", columns.id(id))
                        .mapTo(String.class)
                        .findOne()));
  }

  /** The attempts of one delivery, oldest first. */
  public List<AttemptView> attempts(UUID id) {
    return read(
        "Reading the attempts of " + id,
        () ->
            jdbi.withHandle(
                handle ->
                    handle
                        .createQuery(sql("browse-attempts"))
                        .bind("id", columns.id(id))
                        .map(
                            (rs, ctx) ->
                                new AttemptView(
                                    rs.getInt("attempt_number"),
                                    instant(rs, "started_at"),
                                    rs.getInt("duration_ms"),
                                    rs.getObject("status_code", Integer.class),
                                    rs.getString("outcome"),
                                    rs.getString("error_kind"),
                                    rs.getString("error_message"),
                                    rs.getString("response_excerpt"),
                                    rs.getString("runner_id")))
                        .list()));
  }

  private DeliveryView toView(ResultSet rs) throws SQLException {
    return new DeliveryView(
        columns.id(rs, "id"),
        rs.getString("subject"),
        rs.getString("event_type"),
        rs.getString("url"),
        rs.getString("url_origin"),
        rs.getString("status"),
        rs.getInt("attempt_count"),
        instant(rs, "created_at"),
        instant(rs, "next_attempt_at"),
        instant(rs, "completed_at"),
        rs.getObject("last_status_code", Integer.class),
        rs.getString("last_error"),
        instant(rs, "last_attempt_at"),
        rs.getObject("last_duration_ms", Integer.class));
  }

  private Instant instant(ResultSet rs, String column) throws SQLException {
    return columns.instant(rs, column);
  }

  private interface Read<T> {
    T get();
  }

  private static <T> T read(String what, Read<T> read) {
    try {
      return read.get();
    } catch (JdbiException e) {
      throw new OutboxStoreException(what + " failed", e);
    }
  }

  private String sql(String name) {
    return SqlResources.query(dialect, name);
  }
}
