package dev.webhookoutbox.it.support;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import org.flywaydb.core.Flyway;

/**
 * A host application's schema tools, configured the way the README's "Schema" section tells a host
 * to: the host's own Flyway, a second Flyway for the outbox's files, and Liquibase.
 */
public final class HostSchemaTools {

  /** The history table of the outbox's own Flyway configuration, as the README names it. */
  public static final String OUTBOX_FLYWAY_TABLE = "webhook_outbox_flyway_history";

  private HostSchemaTools() {}

  /** The host's own migrations, numbered from 1 like the outbox's, in Flyway's default table. */
  public static Flyway hostFlyway(DataSource dataSource) {
    return Flyway.configure().dataSource(dataSource).locations("classpath:db/host/flyway").load();
  }

  /** The outbox's files for one dialect, in a history table of their own. */
  public static Flyway outboxFlyway(DataSource dataSource, String dialect) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/webhook-outbox/" + dialect)
        .table(OUTBOX_FLYWAY_TABLE)
        // The schema already holds the host's tables (or ones OutboxSchema.migrate created):
        // start the history below V1 so that every outbox file is still applied.
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load();
  }

  /** Runs Liquibase {@code update} with a changelog on the class path. */
  public static void liquibaseUpdate(DataSource dataSource, String changelog) {
    try (Connection connection = dataSource.getConnection()) {
      Database database =
          DatabaseFactory.getInstance()
              .findCorrectDatabaseImplementation(new JdbcConnection(connection));
      new CommandScope(UpdateCommandStep.COMMAND_NAME)
          .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
          .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
          .execute();
    } catch (SQLException | LiquibaseException e) {
      throw new IllegalStateException("Liquibase update of " + changelog + " failed", e);
    }
  }
}
