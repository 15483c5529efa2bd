package dev.webhookoutbox.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.argument.Argument;

/**
 * How a dialect binds and reads delivery ids and instants, for Jdbi statements and plain JDBC
 * alike.
 *
 * <p>PostgreSQL and H2 have a {@code uuid} type and {@code timestamp with time zone}. MariaDB and
 * MySQL have neither: ids are {@code CHAR(36)} text, and instants are {@code DATETIME(6)} holding
 * the UTC wall clock. They are bound and read as {@link LocalDateTime} in UTC, the one Java type
 * both drivers pass through unchanged whatever the JVM's, the connection's or the session's time
 * zone ({@code OffsetDateTime} and {@code Timestamp} are shifted into the JVM's zone by MariaDB
 * Connector/J; MySQL Connector/J serialises a {@code UUID} as a Java object).
 */
abstract sealed class Columns {

  private static final Columns STANDARD = new Standard();
  private static final Columns MARIADB = new MariaDb();

  static Columns of(SqlDialect dialect) {
    return dialect == SqlDialect.MARIADB ? MARIADB : STANDARD;
  }

  /** A Jdbi argument for an instant, or a typed null. */
  final Argument time(Instant instant) {
    return (position, statement, ctx) -> setTime(statement, position, instant);
  }

  /** What to bind for a delivery id in a Jdbi statement. */
  abstract Object id(UUID id);

  /** What to bind for a list of delivery ids ({@code bindList}). */
  final List<Object> ids(Collection<UUID> ids) {
    return ids.stream().map(this::id).toList();
  }

  abstract void setTime(PreparedStatement statement, int index, Instant instant)
      throws SQLException;

  final void setId(PreparedStatement statement, int index, UUID id) throws SQLException {
    statement.setObject(index, id(id));
  }

  /** The instant in {@code column}, or {@code null}. */
  abstract Instant instant(ResultSet rs, String column) throws SQLException;

  /** The id in {@code column}, or {@code null}. */
  abstract UUID id(ResultSet rs, String column) throws SQLException;

  abstract UUID id(ResultSet rs, int column) throws SQLException;

  /** PostgreSQL and H2: {@code uuid} and {@code timestamp with time zone}, set as UTC. */
  static final class Standard extends Columns {

    @Override
    Object id(UUID id) {
      return id;
    }

    @Override
    void setTime(PreparedStatement statement, int index, Instant instant) throws SQLException {
      if (instant == null) {
        statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
      }
    }

    @Override
    Instant instant(ResultSet rs, String column) throws SQLException {
      OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
      return value == null ? null : value.toInstant();
    }

    @Override
    UUID id(ResultSet rs, String column) throws SQLException {
      return rs.getObject(column, UUID.class);
    }

    @Override
    UUID id(ResultSet rs, int column) throws SQLException {
      return rs.getObject(column, UUID.class);
    }
  }

  /** MariaDB and MySQL: {@code CHAR(36)} ids and {@code DATETIME(6)} in UTC. */
  static final class MariaDb extends Columns {

    @Override
    Object id(UUID id) {
      return id == null ? null : id.toString();
    }

    @Override
    void setTime(PreparedStatement statement, int index, Instant instant) throws SQLException {
      if (instant == null) {
        statement.setNull(index, Types.TIMESTAMP);
      } else {
        // Truncated here: MySQL rounds extra digits (MariaDB truncates), which could store a
        // lease or due time a microsecond later than the instant it stands for.
        statement.setObject(
            index, LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
      }
    }

    @Override
    Instant instant(ResultSet rs, String column) throws SQLException {
      LocalDateTime value = rs.getObject(column, LocalDateTime.class);
      return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    @Override
    UUID id(ResultSet rs, String column) throws SQLException {
      String value = rs.getString(column);
      return value == null ? null : UUID.fromString(value);
    }

    @Override
    UUID id(ResultSet rs, int column) throws SQLException {
      String value = rs.getString(column);
      return value == null ? null : UUID.fromString(value);
    }
  }
}
