package dev.webhookoutbox.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster in a temporary directory, on a port of its own and listening on
 * loopback only: {@code initdb}, then {@code pg_ctl} from the newest {@code
 * /usr/lib/postgresql/<version>/bin} (or {@code $WEBHOOKS_TEST_PG_BIN}). {@code initdb} refuses to
 * run as root, so under root every command runs as the {@code postgres} OS user through {@code
 * runuser}. Durability is switched off: nothing in it outlives the test.
 */
final class PrivateCluster {

  private static final long COMMAND_TIMEOUT_SECONDS = 90;

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;
  private final Thread cleanupOnExit;

  private PrivateCluster(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
    // A test JVM that dies must not leave a postmaster behind on the machine.
    this.cleanupOnExit = new Thread(this::stopQuietly, "private-postgres-cleanup");
  }

  static PrivateCluster start(int port) {
    Path bin = binDir();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir;
    try {
      dir = Files.createTempDirectory("webhooks-pg-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PrivateCluster cluster = new PrivateCluster(bin, dir, port, root);
    if (root) {
      run(List.of("chown", "-R", "postgres:", dir.toString()), dir.resolve("chown.log"));
    }
    cluster.pg(
        "initdb", "-D", cluster.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
    Runtime.getRuntime().addShutdownHook(cluster.cleanupOnExit);
    cluster.pg(
        "pg_ctl",
        "-D",
        cluster.data(),
        "-l",
        dir.resolve("postgres.log").toString(),
        "-w",
        "-t",
        "60",
        "-o",
        cluster.serverOptions(),
        "start");
    return cluster;
  }

  int port() {
    return port;
  }

  /** A fast shutdown (connections terminated, as in a real restart), then a start. */
  void restart() {
    pg("pg_ctl", "-D", data(), "-l", log(), "-w", "-t", "60", "-m", "fast", "restart");
  }

  void stop() {
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
    } catch (IllegalStateException e) {
      // The JVM is exiting: the hook runs anyway.
    }
    stopQuietly();
  }

  private void stopQuietly() {
    try {
      pg("pg_ctl", "-D", data(), "-w", "-t", "30", "-m", "immediate", "stop");
    } catch (RuntimeException e) {
      // Already stopped, or never started: the directory still goes.
    }
    deleteRecursively(dir);
  }

  private String serverOptions() {
    return String.join(
        " ",
        "-p " + port,
        "-k " + dir,
        "-c listen_addresses=127.0.0.1",
        "-c max_connections=200",
        "-c fsync=off",
        "-c synchronous_commit=off",
        "-c full_page_writes=off");
  }

  private String log() {
    return dir.resolve("postgres.log").toString();
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private void pg(String program, String... args) {
    List<String> command = new ArrayList<>();
    if (asPostgresUser) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(args));
    run(command, dir.resolve("commands.log"));
  }

  /**
   * Runs a command with its output in a file: a pipe would be inherited by the postmaster that
   * {@code pg_ctl} starts, and reading it would never see its end.
   */
  private static void run(List<String> command, Path output) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not finish; see " + output);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            command + " exited " + process.exitValue() + ": " + tail(output));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  private static String tail(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** The newest installed server's binaries: version directories compare as numbers. */
  private static Path binDir() {
    String configured = System.getenv("WEBHOOKS_TEST_PG_BIN");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path root = Path.of("/usr/lib/postgresql");
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
          .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
          .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
          .map(v -> v.resolve("bin"))
          .orElseThrow(() -> new IllegalStateException("no initdb under " + root));
    } catch (IOException e) {
      throw new IllegalStateException(
          "no PostgreSQL server binaries under " + root + " (set WEBHOOKS_TEST_PG_BIN)", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Leftovers in the temp directory are harmless.
    }
  }
}
