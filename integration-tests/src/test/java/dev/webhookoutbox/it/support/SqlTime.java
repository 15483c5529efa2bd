package dev.webhookoutbox.it.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Instants in test SQL as the outbox stores them: {@code timestamp with time zone} on PostgreSQL
 * and H2, the UTC wall clock in a {@code DATETIME(6)} on MariaDB and MySQL (bound as a {@link
 * LocalDateTime}, which neither driver shifts into the JVM's time zone).
 */
public final class SqlTime {

  private SqlTime() {}

  /** The value to bind for {@code instant} on {@code connection}'s database. */
  public static Object of(Connection connection, Instant instant) {
    if (instant == null) {
      return null;
    }
    return isMariaDb(connection)
        ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC)
        : instant.atOffset(ZoneOffset.UTC);
  }

  /** An instant as {@code ResultSet.getObject} returned it, from any of the databases. */
  public static Instant instant(Object value) {
    if (value instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (value instanceof LocalDateTime utc) {
      return utc.toInstant(ZoneOffset.UTC);
    }
    if (value instanceof Timestamp ts) {
      return ts.toInstant();
    }
    throw new IllegalArgumentException("not a timestamp: " + value);
  }

  static boolean isMariaDb(Connection connection) {
    try {
      String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      return product.contains("mariadb") || product.contains("mysql");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
