package dev.webhookoutbox.jdbc;

import static dev.webhookoutbox.jdbc.OutcomeWriter.BatchWriter.setInteger;
import static dev.webhookoutbox.jdbc.OutcomeWriter.BatchWriter.setString;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The outcome writer for MariaDB and MySQL: one multi-row {@code UPDATE … JOIN} of the deliveries
 * and one multi-row {@code INSERT} of the attempts per batch, so a batch costs two statements
 * whatever the driver's batch settings (see {@code mariadb/record-outcome.sql}).
 *
 * <p>Rows are written in id order, deliveries before attempts. InnoDB checks an attempt's foreign
 * key with a shared lock on its delivery; taking the delivery's exclusive lock first, in the same
 * order in every runner, means two runners recording the same delivery (one whose lease ran out,
 * one that claimed it again) wait for each other instead of deadlocking. Very large batches are
 * split to stay well under the server's {@code max_allowed_packet}.
 */
final class MultiRowOutcomeWriter extends OutcomeWriter {

  /** Rows per statement, and the bytes of text (at most four per character) they may carry. */
  static final int MAX_ROWS = 500;

  static final long MAX_TEXT_BYTES = 2L << 20;

  private static final int UPDATE_COLUMNS = 8;

  private final Columns columns = Columns.of(SqlDialect.MARIADB);
  private final String updateDeliveries = SqlResources.query(SqlDialect.MARIADB, "record-outcome");
  private final String insertAttempts = SqlResources.query(SqlDialect.MARIADB, "record-attempt");

  @Override
  int write(Connection connection, String runnerId, List<OutcomeRow> rows, Instant now)
      throws SQLException {
    List<OutcomeRow> ordered = new ArrayList<>(rows);
    ordered.sort(Comparator.comparing(OutcomeRow::deliveryId));
    int lost = 0;
    for (List<OutcomeRow> chunk : chunks(ordered)) {
      lost += chunk.size() - update(connection, runnerId, chunk, now);
    }
    for (List<OutcomeRow> chunk : chunks(ordered)) {
      insert(connection, runnerId, chunk);
    }
    return lost;
  }

  private int update(Connection connection, String runnerId, List<OutcomeRow> rows, Instant now)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(SqlResources.repeatRows(updateDeliveries, rows.size()))) {
      int i = 0;
      for (OutcomeRow row : rows) {
        columns.setId(update, ++i, row.deliveryId());
        update.setString(++i, row.newStatus());
        update.setInt(++i, row.attemptNumber());
        columns.setTime(update, ++i, row.nextAttemptAt());
        columns.setTime(update, ++i, row.startedAt());
        setInteger(update, ++i, row.statusCode());
        setString(update, ++i, row.lastError());
        columns.setTime(update, ++i, row.completedAt());
      }
      columns.setTime(update, rows.size() * UPDATE_COLUMNS + 1, now);
      update.setString(rows.size() * UPDATE_COLUMNS + 2, runnerId);
      return update.executeUpdate();
    }
  }

  private void insert(Connection connection, String runnerId, List<OutcomeRow> rows)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(SqlResources.repeatRows(insertAttempts, rows.size()))) {
      int i = 0;
      for (OutcomeRow row : rows) {
        columns.setId(insert, ++i, row.deliveryId());
        insert.setInt(++i, row.attemptNumber());
        columns.setTime(insert, ++i, row.startedAt());
        insert.setInt(++i, row.durationMs());
        setInteger(insert, ++i, row.statusCode());
        insert.setString(++i, row.attemptOutcome());
        setString(insert, ++i, row.errorKind());
        setString(insert, ++i, row.errorMessage());
        setString(insert, ++i, row.responseExcerpt());
        insert.setString(++i, runnerId);
      }
      insert.executeUpdate();
    }
  }

  /** Consecutive runs of rows under {@link #MAX_ROWS} and {@link #MAX_TEXT_BYTES}. */
  static List<List<OutcomeRow>> chunks(List<OutcomeRow> rows) {
    List<List<OutcomeRow>> chunks = new ArrayList<>();
    List<OutcomeRow> current = new ArrayList<>();
    long bytes = 0;
    for (OutcomeRow row : rows) {
      long rowBytes =
          256
              + 4L
                  * (length(row.errorMessage())
                      + length(row.responseExcerpt())
                      + length(row.lastError()));
      if (!current.isEmpty() && (current.size() == MAX_ROWS || bytes + rowBytes > MAX_TEXT_BYTES)) {
        chunks.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(row);
      bytes += rowBytes;
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }

  private static int length(String text) {
    return text == null ? 0 : text.length();
  }
}
