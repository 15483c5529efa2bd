package dev.webhookoutbox.runner.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.jdbc.OutboxMaintenance;
import dev.webhookoutbox.jdbc.OutboxStatus;
import dev.webhookoutbox.runner.RunnerProcess;
import java.io.PrintStream;

/** {@code webhook-runner status}: the outbox at a glance, across all runners. */
public final class StatusCommand implements Command {

  @Override
  public String name() {
    return "status";
  }

  @Override
  public String summary() {
    return "show the backlog, deliveries in flight, recent failures and the oldest due";
  }

  @Override
  public String usage() {
    return """
        usage: webhook-runner status [--config FILE]

        Prints, for the whole outbox (all runners):
          pending          deliveries waiting for an attempt, and how many of them are due now
          in flight        deliveries claimed by a runner now
          failed (1h)      deliveries that failed for good in the last hour
          oldest due       the earliest due time of a pending delivery, and how long ago it was
        The views in docs/admin-sql.md answer the follow-up questions.
        """;
  }

  @Override
  public int run(Arguments args, CliContext context) {
    args.requireAllUsed();
    try (HikariDataSource dataSource = RunnerProcess.openDataSource(context.config())) {
      OutboxStatus status = new OutboxMaintenance(dataSource, context.clock()).status();
      print(status, context.out());
    }
    return 0;
  }

  static void print(OutboxStatus status, PrintStream out) {
    out.printf("pending      %d (due now: %d)%n", status.pending(), status.due());
    out.printf("in flight    %d%n", status.inFlight());
    out.printf("failed (1h)  %d%n", status.failedLastHour());
    if (status.oldestDueAt() == null) {
      out.println("oldest due   -");
    } else {
      out.printf(
          "oldest due   %s (%d s ago)%n", status.oldestDueAt(), status.oldestDueAge().toSeconds());
    }
  }
}
