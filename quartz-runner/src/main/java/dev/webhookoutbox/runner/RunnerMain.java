package dev.webhookoutbox.runner;

import dev.webhookoutbox.WebhookOutboxException;
import dev.webhookoutbox.jdbc.OutboxSchema;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone runner: {@code java -jar webhook-outbox-runner.jar [run|migrate|demo] [--config
 * FILE]}. See the README for the configuration keys.
 */
public final class RunnerMain {

  static final String USAGE =
      """
      usage: webhook-runner [COMMAND] [--config FILE] [--help]

      Commands:
        run       drain the outbox until stopped (SIGTERM / Ctrl-C); the default
        migrate   create or upgrade the outbox tables, then exit
        demo      run on the embedded H2 database with a local receiver and show deliveries

      Configuration comes from FILE (or $WEBHOOKS_CONFIG, or ./webhooks.properties) and from
      environment variables, which win: webhooks.db.url is WEBHOOKS_DB_URL, and so on.
      With none, the runner uses an embedded H2 database in ./webhooks-data.
      """;

  private RunnerMain() {}

  public static void main(String[] args) {
    int status = run(args, System.getenv(), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs a command to completion; returns the process exit status. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    List<String> rest = new ArrayList<>(List.of(args));
    if (rest.contains("--help") || rest.contains("-h")) {
      out.print(USAGE);
      return 0;
    }
    Path configFile = null;
    int configAt = rest.indexOf("--config");
    if (configAt >= 0) {
      if (configAt + 1 >= rest.size()) {
        err.println("--config needs a file name");
        return 2;
      }
      configFile = Path.of(rest.get(configAt + 1));
      rest.subList(configAt, configAt + 2).clear();
    }
    String command = rest.isEmpty() ? "run" : rest.get(0);
    try {
      RunnerConfig config = RunnerConfig.load(configFile, env);
      switch (command) {
        case "run" -> runUntilStopped(config);
        case "migrate" -> migrate(config, out);
        case "demo" -> new DemoCommand(config, out).run();
        default -> {
          err.println("unknown command '" + command + "'");
          err.print(USAGE);
          return 2;
        }
      }
      return 0;
    } catch (RunnerConfig.InvalidConfigException e) {
      err.println(e.getMessage());
      return 2;
    } catch (WebhookOutboxException e) {
      err.println(
          e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
      return 1;
    }
  }

  private static void runUntilStopped(RunnerConfig config) {
    RunnerProcess process = RunnerProcess.start(config);
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
  }

  private static void migrate(RunnerConfig config, PrintStream out) {
    try (var dataSource = RunnerProcess.openDataSource(config)) {
      OutboxSchema.migrate(dataSource);
      out.println("webhook-outbox schema is up to date");
    }
  }
}
