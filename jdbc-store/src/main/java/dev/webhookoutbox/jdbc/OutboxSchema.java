package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.OutboxSchemaException;
import dev.webhookoutbox.OutboxStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the outbox tables.
 *
 * <pre>{@code
 * OutboxSchema.migrate(dataSource); // safe to call at every start-up, from several nodes at once
 * }</pre>
 *
 * <p>The scripts are resources named like Flyway migrations ({@code
 * db/webhook-outbox/postgresql/V1__create_webhook_outbox.sql}), and {@code
 * db/webhook-outbox/changelog.xml} is a Liquibase changelog of the same files: a host that runs
 * Flyway or Liquibase can apply them with those instead (see the README's "Schema" section).
 * Versions applied here are recorded in {@code webhook_outbox_schema}. Where Flyway (history table
 * {@code webhook_outbox_flyway_history}) or Liquibase ({@code DATABASECHANGELOG}, author {@code
 * webhook-outbox}) has recorded the files, {@link #migrate} applies nothing and only {@linkplain
 * #verify verifies}, so the two never apply the same file.
 */
public final class OutboxSchema {

  private static final Logger log = LoggerFactory.getLogger(OutboxSchema.class);

  /**
   * Every migration, in order. Append, never edit: deployed databases have applied them. The
   * version recorded for each is the number in its file name ({@code V3__…} is version 3). Each
   * file must run again over the newest tables (a migrated schema moving to Flyway or Liquibase
   * re-runs them all), so a later file adds a view rather than change an earlier view's columns:
   * PostgreSQL's {@code CREATE OR REPLACE VIEW} cannot drop the columns the earlier file lacks.
   */
  static final List<String> MIGRATIONS =
      List.of(
          "V1__create_webhook_outbox.sql",
          "V3__create_admin_views.sql",
          "V4__create_quartz_tables.sql",
          "V5__create_webhook_endpoint.sql",
          "V6__index_leased_rows_by_lease_only.sql",
          "V7__poisoned_deliveries.sql",
          "V8__record_last_attempt_start.sql");

  private OutboxSchema() {}

  /**
   * Applies every migration this database has not seen yet. Idempotent. If Flyway or Liquibase
   * manage the outbox's files here, applies nothing and verifies instead.
   *
   * @throws OutboxSchemaException if Flyway or Liquibase manage the files and have not applied all
   *     of them yet
   */
  public static void migrate(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      migrate(connection);
    } catch (SQLException e) {
      throw new OutboxStoreException("Could not connect to migrate the outbox schema", e);
    }
  }

  /**
   * Applies the migrations on this connection, in one transaction, as {@link #migrate}. On MariaDB
   * and MySQL every DDL statement commits on its own: a migration that fails there leaves what it
   * created, and the next run applies it again over that (every file is idempotent).
   */
  public static void migrate(Connection connection) {
    SqlDialect dialect = SqlDialect.detect(connection);
    try {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      MigrationLock lock = MigrationLock.take(connection, dialect);
      try {
        SchemaRecords records = SchemaRecords.read(connection);
        if (records.managedByTool()) {
          requireUpToDate(records, dialect);
          log.info("webhook-outbox schema is up to date, managed by {}", records.manager());
        } else {
          createVersionTable(connection, dialect);
          for (String file : records.missing(MIGRATIONS)) {
            apply(connection, dialect, versionOf(file), file);
          }
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        lock.release();
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new OutboxStoreException("Migrating the outbox schema failed: " + e.getMessage(), e);
    }
  }

  /**
   * Checks, without changing anything, that every migration is applied, by this class, Flyway or
   * Liquibase: for hosts whose own deployment applies the schema.
   *
   * @throws OutboxSchemaException naming the missing migrations and the tool that should apply them
   */
  public static void verify(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      requireUpToDate(SchemaRecords.read(connection), SqlDialect.detect(connection));
    } catch (SQLException e) {
      throw new OutboxStoreException("Verifying the outbox schema failed: " + e.getMessage(), e);
    }
  }

  private static void requireUpToDate(SchemaRecords records, SqlDialect dialect) {
    List<String> missing = records.missing(MIGRATIONS);
    if (!missing.isEmpty()) {
      throw new OutboxSchemaException(
          "The webhook-outbox schema lacks "
              + String.join(", ", missing)
              + ". "
              + records.remedy(dialect));
    }
  }

  /** The text of one migration script for a dialect, e.g. to show or to copy into Flyway. */
  public static String script(SqlDialect dialect, String fileName) {
    String text =
        SqlResources.read("/db/webhook-outbox/" + dialect.resourceName() + "/" + fileName);
    if (text == null) {
      throw new IllegalArgumentException("no migration " + fileName + " for " + dialect);
    }
    return text;
  }

  /** {@code V12__name.sql} ⇒ 12. */
  static int versionOf(String file) {
    return Integer.parseInt(file.substring(1, file.indexOf("__")));
  }

  private static void createVersionTable(Connection connection, SqlDialect dialect)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(SqlResources.query(dialect, "create-schema-table"));
    }
  }

  private static void apply(Connection connection, SqlDialect dialect, int version, String file)
      throws SQLException {
    log.info("Applying webhook-outbox migration {} for {}", file, dialect);
    try (Statement statement = connection.createStatement()) {
      for (String sql : SqlResources.statements(script(dialect, file))) {
        statement.execute(sql);
      }
    }
    try (PreparedStatement record =
        connection.prepareStatement(
            "INSERT INTO webhook_outbox_schema (version, script, applied_at) VALUES (?, ?, ?)")) {
      record.setInt(1, version);
      record.setString(2, file);
      Columns.of(dialect).setTime(record, 3, Instant.now());
      record.executeUpdate();
    }
  }
}
