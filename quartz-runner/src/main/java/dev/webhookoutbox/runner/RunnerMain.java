package dev.webhookoutbox.runner;

import dev.webhookoutbox.InvalidWebhookException;
import dev.webhookoutbox.WebhookOutboxException;
import dev.webhookoutbox.runner.cli.Arguments;
import dev.webhookoutbox.runner.cli.CliContext;
import dev.webhookoutbox.runner.cli.Command;
import dev.webhookoutbox.runner.cli.EnqueueCommand;
import dev.webhookoutbox.runner.cli.MigrateCommand;
import dev.webhookoutbox.runner.cli.PurgeCommand;
import dev.webhookoutbox.runner.cli.ReplayCommand;
import dev.webhookoutbox.runner.cli.RunCommand;
import dev.webhookoutbox.runner.cli.StatusCommand;
import dev.webhookoutbox.runner.cli.UsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The standalone runner: {@code java -jar webhook-outbox-runner.jar [COMMAND] [ARGS] [--config
 * FILE]}, one class per command in {@code dev.webhookoutbox.runner.cli}. See the README for the
 * configuration keys.
 */
public final class RunnerMain {

  static final List<Command> COMMANDS =
      List.of(
          new RunCommand(),
          new MigrateCommand(),
          new EnqueueCommand(),
          new ReplayCommand(),
          new StatusCommand(),
          new PurgeCommand(),
          new DemoCommand.Cli());

  private RunnerMain() {}

  public static void main(String[] args) {
    int status = run(args, System.getenv(), System.out, System.err);
    // Explicit even for 0: after `run` stopped on a signal, the exit must not wait for a thread
    // some library left running.
    System.exit(status);
  }

  /**
   * Runs a command to completion, as {@code main} does, with the given environment and streams.
   *
   * @return the process exit status: 0 on success, 1 when the command failed, 2 for a bad command
   *     line or configuration
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    return run(args, env, out, err, Clock.systemUTC());
  }

  static int run(
      String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
    List<String> rest = new ArrayList<>(List.of(args));
    Path configFile;
    try {
      configFile = takeConfigFile(rest); // before the command: --config may come first
    } catch (UsageException e) {
      err.println(e.getMessage());
      return 2;
    }
    boolean explicit = !rest.isEmpty() && !rest.get(0).startsWith("-");
    Optional<Command> command = explicit ? find(rest.get(0)) : Optional.of(COMMANDS.get(0));
    if (command.isEmpty()) {
      err.println("unknown command '" + rest.get(0) + "'");
      err.print(usage());
      return 2;
    }
    if (explicit) {
      rest.remove(0);
    }
    if (rest.contains("--help") || rest.contains("-h")) {
      out.print(explicit ? command.get().usage() : usage());
      return 0;
    }
    try {
      RunnerConfig config = RunnerConfig.load(configFile, env);
      Arguments arguments = Arguments.parse(rest, command.get().flags());
      return command.get().run(arguments, new CliContext(config, out, err, clock));
    } catch (UsageException e) {
      err.println(e.getMessage() + " (see: webhook-runner " + command.get().name() + " --help)");
      return 2;
    } catch (RunnerConfig.InvalidConfigException e) {
      err.println(e.getMessage());
      return 2;
    } catch (InvalidWebhookException | IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    } catch (WebhookOutboxException e) {
      err.println(
          e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
      return 1;
    }
  }

  static String usage() {
    StringBuilder text =
        new StringBuilder("usage: webhook-runner [COMMAND] [ARGS] [--config FILE] [--help]\n\n");
    text.append("Commands:\n");
    for (Command command : COMMANDS) {
      text.append(String.format("  %-9s %s%n", command.name(), command.summary()));
    }
    text.append(
        """

        'webhook-runner COMMAND --help' describes a command's arguments.
        Configuration comes from FILE (or $WEBHOOKS_CONFIG, or ./webhooks.properties) and from
        environment variables, which win: webhooks.db.url is WEBHOOKS_DB_URL, and so on.
        With none, the runner uses an embedded H2 database in ./webhooks-data.
        """);
    return text.toString();
  }

  private static Optional<Command> find(String name) {
    return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  private static Path takeConfigFile(List<String> rest) {
    int at = rest.indexOf("--config");
    if (at < 0) {
      return null;
    }
    if (at + 1 >= rest.size()) {
      throw new UsageException("--config needs a file name");
    }
    Path file = Path.of(rest.get(at + 1));
    rest.subList(at, at + 2).clear();
    return file;
  }
}
