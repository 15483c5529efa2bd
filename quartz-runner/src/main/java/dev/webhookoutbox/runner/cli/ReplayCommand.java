package dev.webhookoutbox.runner.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.jdbc.OutboxMaintenance;
import dev.webhookoutbox.runner.RunnerProcess;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code webhook-runner replay}: sends finished deliveries again. */
public final class ReplayCommand implements Command {

  @Override
  public String name() {
    return "replay";
  }

  @Override
  public String summary() {
    return "send a delivery again, or every delivery that failed in a time window";
  }

  @Override
  public String usage() {
    return """
        usage: webhook-runner replay DELIVERY_ID [--config FILE]
               webhook-runner replay --failed --since TIME [--until TIME]
                                     (--origin URL | --all-origins) [--config FILE]

        Makes deliveries due now; a running runner sends them within its poll interval.
          DELIVERY_ID    one delivery (delivered, failed or pending; not one in flight)
          --failed       every delivery that failed for good between --since and --until
          --since/until  2026-03-01T09:00:00Z, or an age such as 2h or 3d; --until defaults to now
          --origin       only deliveries to this scheme://host[:port]
          --all-origins  say so explicitly to replay failures to every origin
        Attempt counts are kept: a delivery that had exhausted its attempts gets one more.
        """;
  }

  @Override
  public Set<String> flags() {
    return Set.of("failed", "all-origins");
  }

  @Override
  public int run(Arguments args, CliContext context) {
    boolean failed = args.flag("failed");
    boolean allOrigins = args.flag("all-origins");
    String origin = args.option("origin");
    String since = args.option("since");
    String until = args.option("until");
    args.requireAllUsed();
    List<String> positionals = args.positionals();
    if (failed) {
      if (!positionals.isEmpty()) {
        throw new UsageException("replay --failed takes no delivery id");
      }
      if (since == null) {
        throw new UsageException("replay --failed needs --since");
      }
      if ((origin == null) == !allOrigins) {
        throw new UsageException("replay --failed needs either --origin URL or --all-origins");
      }
      Instant from = Arguments.time(since, "since", context.clock());
      Instant to =
          until == null
              ? context.clock().instant()
              : Arguments.time(until, "until", context.clock());
      return replayFailed(context, origin, from, to);
    }
    if (positionals.size() != 1 || origin != null || since != null || until != null || allOrigins) {
      throw new UsageException("replay needs one delivery id, or --failed with a time window");
    }
    UUID id;
    try {
      id = UUID.fromString(positionals.get(0));
    } catch (IllegalArgumentException e) {
      throw new UsageException("not a delivery id: '" + positionals.get(0) + "'", e);
    }
    try (HikariDataSource dataSource = RunnerProcess.openDataSource(context.config())) {
      if (new OutboxMaintenance(dataSource, context.clock()).replay(id)) {
        context.out().println("replayed " + id + "; it is due now");
        return 0;
      }
      context.err().println("delivery " + id + " does not exist or is in flight; nothing replayed");
      return 1;
    }
  }

  private static int replayFailed(CliContext context, String origin, Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw new UsageException("--since must be before --until");
    }
    try (HikariDataSource dataSource = RunnerProcess.openDataSource(context.config())) {
      int replayed;
      try {
        replayed =
            new OutboxMaintenance(dataSource, context.clock()).replayFailed(origin, from, to);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--origin: " + e.getMessage(), e);
      }
      context.out().printf("replayed %d failed deliveries; they are due now%n", replayed);
      return 0;
    }
  }
}
