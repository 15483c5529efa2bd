package dev.webhookoutbox.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PostgreSQL cluster in a temporary directory, on a port of its own and listening on
 * loopback only: {@code initdb}, then {@code pg_ctl}, from {@link PostgresBinaries} (the embedded
 * PostgreSQL of Maven Central, or {@code $WEBHOOKS_TEST_PG_BIN}). {@code initdb} refuses to run as
 * root, so under root every command runs through {@code runuser} as the {@code postgres} OS user,
 * or {@code nobody} where there is none. Durability is switched off: nothing in it outlives the
 * test.
 */
final class PrivateCluster {

  private static final long COMMAND_TIMEOUT_SECONDS = 90;

  private final Path bin;
  private final Path dir;
  private final int port;
  private final String osUser;
  private final Thread cleanupOnExit;

  private PrivateCluster(Path bin, Path dir, int port, String osUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.osUser = osUser;
    // A test JVM that dies must not leave a postmaster behind on the machine.
    this.cleanupOnExit = new Thread(this::stopQuietly, "private-postgres-cleanup");
  }

  static PrivateCluster start(int port) {
    Path bin = PostgresBinaries.binDir();
    String osUser = Locators.runningAsRoot() ? serverOsUser() : null;
    Path dir;
    try {
      dir = Files.createTempDirectory("webhooks-pg-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PrivateCluster cluster = new PrivateCluster(bin, dir, port, osUser);
    if (osUser != null) {
      run(List.of("chown", "-R", osUser + ":", dir.toString()), dir.resolve("chown.log"));
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

  /** The cluster's superuser is {@code postgres}, with no password (trust authentication). */
  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
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
    Locators.deleteRecursively(dir);
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
    if (osUser != null) {
      command.addAll(List.of("runuser", "-u", osUser, "--"));
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

  /**
   * Debian's PostgreSQL packages create {@code postgres}; every Linux system has {@code nobody}.
   */
  private static String serverOsUser() {
    try {
      boolean postgres =
          Files.readAllLines(Path.of("/etc/passwd")).stream()
              .anyMatch(l -> l.startsWith("postgres:"));
      return postgres ? "postgres" : "nobody";
    } catch (IOException e) {
      return "nobody";
    }
  }
}
