package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.OutboxSchemaException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialises concurrent migrations (several runners starting at once). PostgreSQL takes an advisory
 * lock that its transaction's end releases. MariaDB and MySQL commit at every DDL statement, so
 * theirs is a named lock of the session ({@code GET_LOCK}), released explicitly: a pooled
 * connection would otherwise keep it after being returned. H2 needs none (its DDL locks the
 * tables).
 */
final class MigrationLock {

  private static final Logger log = LoggerFactory.getLogger(MigrationLock.class);

  /** An arbitrary constant of this library (PostgreSQL's advisory lock key). */
  private static final long POSTGRES_KEY = 0x7765626f6f6bL;

  /** The MariaDB/MySQL lock name; lock names are server-wide, so it names the database too. */
  private static final String MARIADB_NAME = "webhook_outbox_migration.";

  /** How long a runner waits for another one's migration, in seconds. */
  private static final int MARIADB_WAIT_SECONDS = 300;

  private final Connection connection;
  private final String name;

  private MigrationLock(Connection connection, String name) {
    this.connection = connection;
    this.name = name;
  }

  static MigrationLock take(Connection connection, SqlDialect dialect) throws SQLException {
    return switch (dialect) {
      case POSTGRESQL -> {
        try (PreparedStatement lock =
            connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
          lock.setLong(1, POSTGRES_KEY);
          lock.execute();
        }
        yield new MigrationLock(connection, null);
      }
      case MARIADB -> {
        String name = MARIADB_NAME + connection.getCatalog();
        try (PreparedStatement lock = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
          lock.setString(1, name);
          lock.setInt(2, MARIADB_WAIT_SECONDS);
          try (ResultSet rs = lock.executeQuery()) {
            if (!rs.next() || rs.getInt(1) != 1) {
              throw new OutboxSchemaException(
                  "Another process has been migrating the webhook-outbox schema for "
                      + MARIADB_WAIT_SECONDS
                      + " s (lock '"
                      + name
                      + "'); try again once it finished");
            }
          }
        }
        yield new MigrationLock(connection, name);
      }
      case H2 -> new MigrationLock(connection, null);
    };
  }

  void release() {
    if (name == null) {
      return;
    }
    try (PreparedStatement release = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
      release.setString(1, name);
      release.execute();
    } catch (SQLException e) {
      // The lock goes with the session; a pool may keep it open, so this is worth a warning.
      log.warn("Could not release the migration lock '{}': {}", name, e.getMessage());
    }
  }
}
