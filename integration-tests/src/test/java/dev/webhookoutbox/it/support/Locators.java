package dev.webhookoutbox.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;

/**
 * What the database locators ({@link PostgresServer}, {@link MariaDbServer}) share. Each looks for
 * a server in the same order: a Testcontainers container when a Docker engine answers, else the
 * server its {@code WEBHOOKS_TEST_<DB>_URL} names, else an embedded server from Maven artifacts.
 * None of them ever skips a test: a machine where all three fail is a broken build.
 */
final class Locators {

  private Locators() {}

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** The variable's value, or {@code null} when it is unset or blank. */
  static String env(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? null : value;
  }

  static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }

  static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void execute(String jdbcUrl, String user, String password, String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "The database at " + jdbcUrl + " is not usable: " + e.getMessage(), e);
    }
  }

  /** A directory for an embedded server under the temporary directory, readable by all. */
  static Path sharedTempDirectory(String name) {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), name);
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Leftovers in the temporary directory are harmless.
    }
  }
}
