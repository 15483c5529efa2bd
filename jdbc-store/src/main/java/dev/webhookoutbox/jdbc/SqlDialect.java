package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.OutboxStoreException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The databases the outbox runs on. Each has its own DDL under {@code db/webhook-outbox/<name>/}
 * and its own queries under {@code dev/webhookoutbox/jdbc/sql/<name>/}; queries that read the same
 * on several live under {@code common/}.
 *
 * <p>{@link #MARIADB} covers MariaDB 10.6+ and MySQL 8.0+ (InnoDB), through either's driver: one
 * set of files serves both. How values are bound and read there is in {@link Columns}.
 */
public enum SqlDialect {
  POSTGRESQL("postgresql"),
  H2("h2"),
  /** MariaDB 10.6 or later, and MySQL 8.0 or later. */
  MARIADB("mariadb");

  private final String resourceName;

  SqlDialect(String resourceName) {
    this.resourceName = resourceName;
  }

  /** The folder name of this dialect's resources. */
  public String resourceName() {
    return resourceName;
  }

  /** Picks the dialect from the driver's product name. */
  public static SqlDialect detect(DatabaseMetaData metaData) throws SQLException {
    String product = metaData.getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (product.equals("h2")) {
      return H2;
    }
    // MariaDB's driver says "MariaDB" (also for a MySQL server); MySQL Connector/J says "MySQL"
    // (also for a MariaDB server).
    if (product.contains("mariadb") || product.contains("mysql")) {
      return MARIADB;
    }
    throw new OutboxStoreException(
        "Unsupported database '"
            + metaData.getDatabaseProductName()
            + "': webhook-outbox supports PostgreSQL, H2, MariaDB and MySQL",
        null);
  }

  public static SqlDialect detect(Connection connection) {
    try {
      return detect(connection.getMetaData());
    } catch (SQLException e) {
      throw new OutboxStoreException("Could not read the database product name", e);
    }
  }

  public static SqlDialect detect(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return detect(connection);
    } catch (SQLException e) {
      throw new OutboxStoreException("Could not connect to detect the database dialect", e);
    }
  }
}
