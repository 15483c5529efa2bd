package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.NotInTransactionException;
import dev.webhookoutbox.OutboxStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;

/**
 * Where an enqueue's transaction comes from. It refuses to enqueue where the delivery would commit
 * on its own. The usual cause is a second connection taken from the pool inside the host's
 * transaction (in Spring, {@code dataSource.getConnection()} in a {@code @Transactional} method):
 * its auto-commit insert is sent even when the host's change rolls back.
 *
 * <p>The checks cost no round trip: {@code Connection.getAutoCommit()} returns a field of the
 * connection in the PostgreSQL and H2 drivers, and Jdbi's {@code Handle.isInTransaction()} reads
 * its own state and that same flag.
 */
final class Transactions {

  private static final String OPT_OUT =
      " To send with no transaction on purpose (a CLI, a test ping), use"
          + " enqueueWithoutTransaction(dataSource, request).";

  private Transactions() {}

  static void requireTransaction(Connection connection) {
    boolean autoCommit;
    try {
      autoCommit = connection.getAutoCommit();
    } catch (SQLException e) {
      throw new OutboxStoreException("Could not read the connection's auto-commit mode", e);
    }
    if (autoCommit) {
      throw new NotInTransactionException(
          "enqueue was given a connection in auto-commit mode: the delivery would commit at once"
              + " and be sent even if the change it reports rolls back, so nothing was written."
              + " Pass the connection of the transaction that writes that change: plain JDBC,"
              + " connection.setAutoCommit(false) before writing and commit() after enqueue;"
              + " Spring @Transactional, DataSourceUtils.getConnection(dataSource), not"
              + " dataSource.getConnection(); Jdbi, the Handle inside jdbi.useTransaction(...)."
              + OPT_OUT);
    }
  }

  static void requireTransaction(Handle handle) {
    if (!handle.isInTransaction()) {
      throw new NotInTransactionException(
          "enqueue was given a Jdbi handle outside a transaction: the delivery would commit at"
              + " once and be sent even if the change it reports rolls back, so nothing was"
              + " written. Enqueue inside jdbi.useTransaction(handle -> ...) or"
              + " jdbi.inTransaction(...), or after handle.begin()."
              + OPT_OUT);
    }
  }

  /** Runs {@code work} in a transaction of its own on a connection of {@code dataSource}. */
  static <T> T inOwnTransaction(DataSource dataSource, Function<Connection, T> work) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        T result = work.apply(connection);
        connection.commit();
        return result;
      } catch (RuntimeException | SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new OutboxStoreException(
          "Enqueueing in a transaction of its own failed: " + e.getMessage(), e);
    }
  }
}
