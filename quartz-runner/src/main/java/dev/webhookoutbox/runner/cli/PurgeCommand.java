package dev.webhookoutbox.runner.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.jdbc.OutboxMaintenance;
import dev.webhookoutbox.jdbc.Retention;
import dev.webhookoutbox.runner.RunnerConfig;
import dev.webhookoutbox.runner.RunnerProcess;
import java.time.Duration;

/** {@code webhook-runner purge}: the retention purge, once, with progress. */
public final class PurgeCommand implements Command {

  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

  @Override
  public String name() {
    return "purge";
  }

  @Override
  public String summary() {
    return "delete old delivered and failed deliveries (with their attempts) now";
  }

  @Override
  public String usage() {
    return """
        usage: webhook-runner purge [--delivered AGE] [--failed AGE] [--batch-size N]
                                    [--config FILE]

        Deletes delivered and failed deliveries, with their attempts, that finished longer ago than
        their age, in transactions of --batch-size rows (default 1000) so that the table is never
        locked for long. Ages default to webhooks.retention.delivered (7d) and
        webhooks.retention.failed (30d); write them like 12h, 7d or P30D.
        """;
  }

  @Override
  public int run(Arguments args, CliContext context) {
    Retention configured = RunnerProcess.retention(context.config());
    Retention retention =
        new Retention(
            age(args.option("delivered"), "delivered", configured.delivered()),
            age(args.option("failed"), "failed", configured.failed()),
            batchSize(args.option("batch-size"), configured.batchSize()));
    args.requireAllUsed();
    if (!args.positionals().isEmpty()) {
      throw new UsageException("purge takes no arguments, got " + args.positionals());
    }
    context
        .out()
        .printf(
            "purging delivered rows older than %s and failed rows older than %s%n",
            readable(retention.delivered()), readable(retention.failed()));
    long[] deleted = new long[2];
    long[] lastReport = {System.nanoTime()};
    try (HikariDataSource dataSource = RunnerProcess.openDataSource(context.config())) {
      OutboxMaintenance.PurgeResult result =
          new OutboxMaintenance(dataSource, context.clock())
              .purge(
                  retention,
                  batch -> {
                    deleted["DELIVERED".equals(batch.status()) ? 0 : 1] += batch.deleted();
                    if (System.nanoTime() - lastReport[0] > PROGRESS_EVERY.toNanos()) {
                      lastReport[0] = System.nanoTime();
                      context
                          .out()
                          .printf(
                              "  ... %d delivered and %d failed deleted so far%n",
                              deleted[0], deleted[1]);
                    }
                  });
      context
          .out()
          .printf(
              "deleted %d delivered and %d failed deliveries in %d batches%n",
              result.delivered(), result.failed(), result.batches());
    }
    return 0;
  }

  /** {@code 7d}, {@code 12h}, {@code 90s}: the way the ages are configured. */
  static String readable(Duration age) {
    long ms = age.toMillis();
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (ms % units[i] == 0) {
        return ms / units[i] + names[i];
      }
    }
    return ms + "ms";
  }

  private static Duration age(String value, String option, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      Duration age = RunnerConfig.parseDuration(value);
      if (age.isNegative() || age.isZero()) {
        throw new UsageException("--" + option + " must be positive, was '" + value + "'");
      }
      return age;
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--" + option + " must be an age like 12h, 7d or P30D, was '" + value + "'", e);
    }
  }

  private static int batchSize(String value, int fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      int size = Integer.parseInt(value);
      if (size < 1 || size > 100_000) {
        throw new NumberFormatException();
      }
      return size;
    } catch (NumberFormatException e) {
      throw new UsageException("--batch-size must be between 1 and 100000, was '" + value + "'", e);
    }
  }
}
