package dev.webhookoutbox.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes a batch of outcomes (attempt rows and status updates) on a connection inside the caller's
 * transaction. PostgreSQL gets two statements per batch, with one array parameter per column; other
 * databases get two JDBC batches.
 */
abstract sealed class OutcomeWriter {

  static OutcomeWriter forDialect(SqlDialect dialect) {
    return dialect == SqlDialect.POSTGRESQL ? new ArrayWriter() : new BatchWriter(dialect);
  }

  /**
   * @return how many deliveries were not updated because they had lost their lease
   */
  abstract int write(Connection connection, String runnerId, List<OutcomeRow> rows, Instant now)
      throws SQLException;

  /** Two statements for the whole batch, whatever its size. */
  static final class ArrayWriter extends OutcomeWriter {
    private final String insertAttempts =
        SqlResources.query(SqlDialect.POSTGRESQL, "record-attempt");
    private final String updateDeliveries =
        SqlResources.query(SqlDialect.POSTGRESQL, "record-outcome");

    @Override
    int write(Connection connection, String runnerId, List<OutcomeRow> rows, Instant now)
        throws SQLException {
      int n = rows.size();
      String[] ids = new String[n];
      Integer[] attemptNumbers = new Integer[n];
      String[] startedAt = new String[n];
      Integer[] durations = new Integer[n];
      Integer[] statusCodes = new Integer[n];
      String[] attemptOutcomes = new String[n];
      String[] errorKinds = new String[n];
      String[] errorMessages = new String[n];
      String[] excerpts = new String[n];
      String[] statuses = new String[n];
      String[] nextAttempts = new String[n];
      String[] lastErrors = new String[n];
      String[] completedAt = new String[n];
      for (int i = 0; i < n; i++) {
        OutcomeRow row = rows.get(i);
        ids[i] = row.deliveryId().toString();
        attemptNumbers[i] = row.attemptNumber();
        startedAt[i] = text(row.startedAt());
        durations[i] = row.durationMs();
        statusCodes[i] = row.statusCode();
        attemptOutcomes[i] = row.attemptOutcome();
        errorKinds[i] = row.errorKind();
        errorMessages[i] = row.errorMessage();
        excerpts[i] = row.responseExcerpt();
        statuses[i] = row.newStatus();
        nextAttempts[i] = text(row.nextAttemptAt());
        lastErrors[i] = row.lastError();
        completedAt[i] = text(row.completedAt());
      }
      CustomPlans.preferIndexLookups(connection);
      try (PreparedStatement insert = connection.prepareStatement(insertAttempts)) {
        CustomPlans.planEveryExecution(insert);
        insert.setString(1, runnerId);
        insert.setArray(2, connection.createArrayOf("text", ids));
        insert.setArray(3, connection.createArrayOf("int4", attemptNumbers));
        insert.setArray(4, connection.createArrayOf("text", startedAt));
        insert.setArray(5, connection.createArrayOf("int4", durations));
        insert.setArray(6, connection.createArrayOf("int4", statusCodes));
        insert.setArray(7, connection.createArrayOf("text", attemptOutcomes));
        insert.setArray(8, connection.createArrayOf("text", errorKinds));
        insert.setArray(9, connection.createArrayOf("text", errorMessages));
        insert.setArray(10, connection.createArrayOf("text", excerpts));
        insert.executeUpdate();
      }
      try (PreparedStatement update = connection.prepareStatement(updateDeliveries)) {
        CustomPlans.planEveryExecution(update);
        update.setObject(1, utc(now));
        update.setArray(2, connection.createArrayOf("text", ids));
        update.setArray(3, connection.createArrayOf("text", statuses));
        update.setArray(4, connection.createArrayOf("int4", attemptNumbers));
        update.setArray(5, connection.createArrayOf("text", nextAttempts));
        update.setArray(6, connection.createArrayOf("text", startedAt));
        update.setArray(7, connection.createArrayOf("int4", statusCodes));
        update.setArray(8, connection.createArrayOf("text", lastErrors));
        update.setArray(9, connection.createArrayOf("text", completedAt));
        update.setString(10, runnerId);
        return n - update.executeUpdate();
      }
    }

    private static String text(Instant instant) {
      return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).toString();
    }
  }

  /** One JDBC batch per statement: portable, and what H2 runs best. */
  static final class BatchWriter extends OutcomeWriter {
    private final String insertAttempt;
    private final String updateDelivery;

    BatchWriter(SqlDialect dialect) {
      this.insertAttempt = SqlResources.query(dialect, "record-attempt");
      this.updateDelivery = SqlResources.query(dialect, "record-outcome");
    }

    @Override
    int write(Connection connection, String runnerId, List<OutcomeRow> rows, Instant now)
        throws SQLException {
      try (PreparedStatement insert = connection.prepareStatement(insertAttempt)) {
        for (OutcomeRow row : rows) {
          insert.setObject(1, row.deliveryId());
          insert.setInt(2, row.attemptNumber());
          insert.setObject(3, utc(row.startedAt()));
          insert.setInt(4, row.durationMs());
          setInteger(insert, 5, row.statusCode());
          insert.setString(6, row.attemptOutcome());
          setString(insert, 7, row.errorKind());
          setString(insert, 8, row.errorMessage());
          setString(insert, 9, row.responseExcerpt());
          insert.setString(10, runnerId);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (PreparedStatement update = connection.prepareStatement(updateDelivery)) {
        for (OutcomeRow row : rows) {
          update.setString(1, row.newStatus());
          update.setInt(2, row.attemptNumber());
          update.setObject(3, utc(row.nextAttemptAt()));
          update.setObject(4, utc(row.startedAt()));
          setInteger(update, 5, row.statusCode());
          setString(update, 6, row.lastError());
          update.setObject(7, utc(now));
          if (row.completedAt() == null) {
            update.setNull(8, Types.TIMESTAMP_WITH_TIMEZONE);
          } else {
            update.setObject(8, utc(row.completedAt()));
          }
          update.setObject(9, row.deliveryId());
          update.setString(10, runnerId);
          update.addBatch();
        }
        int lost = 0;
        for (int count : update.executeBatch()) {
          if (count == 0) {
            lost++;
          }
        }
        return lost;
      }
    }

    private static void setInteger(PreparedStatement ps, int index, Integer value)
        throws SQLException {
      if (value == null) {
        ps.setNull(index, Types.INTEGER);
      } else {
        ps.setInt(index, value);
      }
    }

    private static void setString(PreparedStatement ps, int index, String value)
        throws SQLException {
      if (value == null) {
        ps.setNull(index, Types.VARCHAR);
      } else {
        ps.setString(index, value);
      }
    }
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
