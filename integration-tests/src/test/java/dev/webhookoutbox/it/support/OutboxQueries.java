package dev.webhookoutbox.it.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** Plain SQL over the outbox tables, the way an admin reads them. */
public final class OutboxQueries {

  private final DataSource dataSource;

  public OutboxQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** One row of {@code webhook_delivery} as column → value. */
  public Map<String, Object> delivery(UUID id) {
    List<Map<String, Object>> rows = query("SELECT * FROM webhook_delivery WHERE id = ?", id);
    return rows.isEmpty() ? null : rows.get(0);
  }

  public String status(UUID id) {
    Map<String, Object> row = delivery(id);
    return row == null ? null : (String) row.get("status");
  }

  /** The attempts of a delivery in order. */
  public List<Map<String, Object>> attempts(UUID id) {
    return query(
        "SELECT * FROM webhook_attempt WHERE delivery_id = ? ORDER BY attempt_number, id", id);
  }

  public long count(String sql, Object... params) {
    return ((Number) query(sql, params).get(0).values().iterator().next()).longValue();
  }

  public List<Map<String, Object>> query(String sql, Object... params) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        Object param = params[i];
        if (param instanceof Instant instant) {
          param = SqlTime.of(c, instant);
        } else if (param instanceof OffsetDateTime odt) {
          param = SqlTime.of(c, odt.toInstant());
        } else if (param instanceof UUID id && SqlTime.isMariaDb(c)) {
          param = id.toString(); // CHAR(36); MySQL Connector/J would serialise a UUID object
        }
        ps.setObject(i + 1, param);
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= columns; i++) {
            row.put(
                rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT),
                rs.getObject(i));
          }
          rows.add(row);
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
