package dev.webhookoutbox.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which outbox migrations a database has, by the records of whoever applied them: {@link
 * OutboxSchema} ({@code webhook_outbox_schema}), the host's Flyway (the history table the README
 * names, {@code webhook_outbox_flyway_history}) or the host's Liquibase ({@code DATABASECHANGELOG}
 * rows of author {@code webhook-outbox}). A migration counts as applied if any of them has it, so a
 * database that moved from one tool to another stays up to date.
 *
 * @param own versions recorded by {@link OutboxSchema}
 * @param flywayVersion the highest version the outbox's Flyway history records as successful
 *     (baseline included: Flyway applies in order), or -1 without that table
 * @param liquibase versions of the outbox changesets Liquibase recorded
 * @param liquibaseManaged whether Liquibase recorded any outbox changeset
 */
record SchemaRecords(
    Set<Integer> own, int flywayVersion, Set<Integer> liquibase, boolean liquibaseManaged) {

  static final String FLYWAY_TABLE = "webhook_outbox_flyway_history";
  static final String LIQUIBASE_TABLE = "databasechangelog";
  static final String LIQUIBASE_AUTHOR = "webhook-outbox";
  static final String OWN_TABLE = "webhook_outbox_schema";

  static SchemaRecords read(Connection connection) throws SQLException {
    Set<Integer> own = new HashSet<>();
    int flyway = -1;
    Set<Integer> liquibase = new HashSet<>();
    boolean liquibaseManaged = false;
    try (Statement statement = connection.createStatement()) {
      String ownTable = tableName(connection, OWN_TABLE);
      if (ownTable != null) {
        try (ResultSet rows = statement.executeQuery("SELECT * FROM " + ownTable)) {
          while (rows.next()) {
            own.add(rows.getInt("version"));
          }
        }
      }
      String flywayTable = tableName(connection, FLYWAY_TABLE);
      if (flywayTable != null) {
        try (ResultSet rows = statement.executeQuery("SELECT * FROM " + flywayTable)) {
          while (rows.next()) {
            String version = rows.getString("version");
            if (rows.getBoolean("success") && version != null) {
              flyway = Math.max(flyway, Integer.parseInt(version.trim()));
            }
          }
        }
      }
      String liquibaseTable = tableName(connection, LIQUIBASE_TABLE);
      if (liquibaseTable != null) {
        try (ResultSet rows = statement.executeQuery("SELECT * FROM " + liquibaseTable)) {
          while (rows.next()) {
            String id = rows.getString("id");
            if (LIQUIBASE_AUTHOR.equals(rows.getString("author"))
                && id != null
                && id.matches("V\\d+__.+")) {
              liquibase.add(OutboxSchema.versionOf(id));
              liquibaseManaged = true;
            }
          }
        }
      }
    }
    return new SchemaRecords(own, flyway, liquibase, liquibaseManaged);
  }

  /** Whether Flyway or Liquibase apply the outbox's files here, so OutboxSchema must not. */
  boolean managedByTool() {
    return flywayVersion >= 0 || liquibaseManaged;
  }

  /** The tool that manages the files, for the log. */
  String manager() {
    return flywayVersion >= 0
        ? "Flyway (" + FLYWAY_TABLE + ")"
        : "Liquibase (DATABASECHANGELOG, author " + LIQUIBASE_AUTHOR + ")";
  }

  /** How to apply what is missing, with the tool that manages the files here. */
  String remedy(SqlDialect dialect) {
    if (flywayVersion >= 0) {
      return "Flyway manages it (history table "
          + FLYWAY_TABLE
          + "): run the host's Flyway with location classpath:db/webhook-outbox/"
          + dialect.resourceName()
          + " first; OutboxSchema.migrate does not apply files that Flyway manages.";
    }
    if (liquibaseManaged) {
      return "Liquibase manages it (DATABASECHANGELOG, author "
          + LIQUIBASE_AUTHOR
          + "): run the host's Liquibase update, which includes db/webhook-outbox/changelog.xml,"
          + " first; OutboxSchema.migrate does not apply files that Liquibase manages.";
    }
    return "Apply them with OutboxSchema.migrate(dataSource) or webhook-runner migrate, or with"
        + " the host's Flyway or Liquibase (README, section Schema).";
  }

  /** The migration files none of the records has, in order. */
  List<String> missing(List<String> migrations) {
    return migrations.stream()
        .filter(
            file -> {
              int version = OutboxSchema.versionOf(file);
              return !own.contains(version)
                  && version > flywayVersion
                  && !liquibase.contains(version);
            })
        .toList();
  }

  /** The quoted name of {@code table} in the connection's schema, in whatever case it has there. */
  private static String tableName(Connection connection, String table) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    String quote = meta.getIdentifierQuoteString().strip();
    for (String candidate : List.of(table, table.toUpperCase(Locale.ROOT))) {
      try (ResultSet tables =
          meta.getTables(connection.getCatalog(), connection.getSchema(), candidate, null)) {
        while (tables.next()) {
          String name = tables.getString("TABLE_NAME");
          if (name.equalsIgnoreCase(table)) {
            return quote + name + quote;
          }
        }
      }
    }
    return null;
  }
}
