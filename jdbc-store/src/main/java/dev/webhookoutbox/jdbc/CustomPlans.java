package dev.webhookoutbox.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGStatement;

/**
 * Makes PostgreSQL plan a statement for its actual parameters on every execution.
 *
 * <p>After five executions the driver switches to a server-side prepared statement, and the server
 * may then keep a generic plan. A runner that started polling an empty outbox would keep the plan
 * it chose for an empty table when a million rows arrive (measured: claims of 500 rows going from
 * 25 ms to several seconds). The claim and record statements run once per batch, so planning them
 * each time costs a fraction of a millisecond per several hundred rows.
 */
final class CustomPlans {

  private static final String INDEX_LOOKUPS =
      SqlResources.query(SqlDialect.POSTGRESQL, "plan-index-lookups");

  private CustomPlans() {}

  /**
   * Within the current transaction, keeps PostgreSQL on index lookups for the claim and record
   * statements whatever its statistics say (see {@code plan-index-lookups.sql}).
   */
  static void preferIndexLookups(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(INDEX_LOOKUPS);
    }
  }

  static void planEveryExecution(Statement statement) throws SQLException {
    if (statement.isWrapperFor(PGStatement.class)) {
      statement.unwrap(PGStatement.class).setPrepareThreshold(0);
    }
  }
}
