package dev.webhookoutbox.runner.cli;

import dev.webhookoutbox.runner.RunnerProcess;
import java.util.concurrent.CountDownLatch;

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
        webhooks.progress-interval. Migrates the schema first unless webhooks.migrate-on-start is
        false, runs the retention purge (webhooks.retention.*) and, if webhooks.admin.port is set,
        serves the deliveries page.
        """;
  }

  @Override
  public int run(Arguments args, CliContext context) {
    args.requireAllUsed();
    if (!args.positionals().isEmpty()) {
      throw new UsageException("run takes no arguments, got " + args.positionals());
    }
    RunnerProcess process = RunnerProcess.start(context.config());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  process.close();
                  stopped.countDown();
                },
                "webhook-runner-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
