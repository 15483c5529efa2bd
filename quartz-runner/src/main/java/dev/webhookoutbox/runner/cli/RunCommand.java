package dev.webhookoutbox.runner.cli;

import dev.webhookoutbox.runner.RunnerProcess;
import dev.webhookoutbox.spi.FatalErrorHandler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code webhook-runner run}: drains until SIGTERM or Ctrl-C. */
public final class RunCommand implements Command {

  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

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
        After an error it cannot survive (e.g. OutOfMemoryError) it closes the same way and
        exits 3, so that a supervisor restarts it.
        """;
  }

  @Override
  public int run(Arguments args, CliContext context) {
    args.requireAllUsed();
    if (!args.positionals().isEmpty()) {
      throw new UsageException("run takes no arguments, got " + args.positionals());
    }
    return serve(RunnerProcess.start(context.config()));
  }

  /**
   * Serves a started process until SIGTERM, SIGINT or a fatal error, then closes it.
   *
   * @return 0 after a stop request, {@value StopSignals#EXIT_FATAL} after a fatal error
   */
  static int serve(RunnerProcess process) {
    // The hook may have to wait for the whole graceful shutdown, with a margin for the pool.
    StopSignals stop = StopSignals.install(process.shutdownDeadline().plus(Duration.ofSeconds(10)));
    process.fatalError().thenAccept(stop::fatal);
    // Any thread of the process, the pool's and the page's too, that dies of an error the JVM
    // cannot survive stops it: the process is ours, unlike an embedding host's.
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, error) -> {
          if (FatalErrorHandler.isFatal(error)) {
            stop.fatal(error);
          }
          log.error("Thread {} died", thread.getName(), error);
        });
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
    return stop.exitStatus();
  }
}
