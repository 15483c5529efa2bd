package dev.webhookoutbox.runner.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.jdbc.OutboxSchema;
import dev.webhookoutbox.runner.RunnerProcess;

/** {@code webhook-runner migrate}: creates or upgrades the tables and views. */
public final class MigrateCommand implements Command {

  @Override
  public String name() {
    return "migrate";
  }

  @Override
  public String summary() {
    return "create or upgrade the outbox tables and views, then exit";
  }

  @Override
  public String usage() {
    return """
        usage: webhook-runner migrate [--config FILE]

        Applies the migrations the database has not seen yet (recorded in webhook_outbox_schema).
        Safe to run at any time, from several hosts at once. Where the host's Flyway or Liquibase
        applied the outbox's files, it applies nothing and checks that none is missing.
        """;
  }

  @Override
  public int run(Arguments args, CliContext context) {
    args.requireAllUsed();
    try (HikariDataSource dataSource = RunnerProcess.openDataSource(context.config())) {
      OutboxSchema.migrate(dataSource);
      context.out().println("webhook-outbox schema is up to date");
    }
    return 0;
  }
}
