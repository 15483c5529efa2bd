package dev.webhookoutbox.runner.cli;

import dev.webhookoutbox.runner.RunnerProcess;

/** {@code webhook-runner run}: drains until SIGTERM or Ctrl-C. */
public final class RunCommand implements Command {

  @Override
  public String name() {
    return "run";
  }

  @Override
  public String summary() {
    return "drain the outbox until stopped (SIGTERM / Ctrl-C); the default";
  }

  @Override
  public String usage() {
    return """
        usage: webhook-runner run [--config FILE]

        Drains the outbox until stopped (SIGTERM or Ctrl-C), logging a progress line every
        webhooks.progress-interval. On SIGTERM it stops claiming, lets in-flight POSTs finish for
        up to webhooks.shutdown-deadline, gives the other claimed deliveries back (due at once)
        and exits 0; a second signal stops it at once. First migrates the schema, or only
        verifies it (webhooks.schema.mode: migrate, verify or none; migrate leaves a schema that
        Flyway or Liquibase manages to them and verifies it). Runs the retention purge
        (webhooks.retention.*) and, if webhooks.admin.port is set, serves the deliveries page.
        """;
  }

  @Override
  public int run(Arguments args, CliContext context) {
    args.requireAllUsed();
    if (!args.positionals().isEmpty()) {
      throw new UsageException("run takes no arguments, got " + args.positionals());
    }
    RunnerProcess process = RunnerProcess.start(context.config());
    // The hook may have to wait for the whole graceful shutdown, with a margin for the pool.
    StopSignals stop =
        StopSignals.install(process.shutdownDeadline().plus(java.time.Duration.ofSeconds(10)));
    try {
      stop.awaitRequest();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      process.close();
    } finally {
      stop.finished();
    }
    return 0;
  }
}
