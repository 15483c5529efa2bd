package dev.webhookoutbox.it.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.jdbc.DataSources;
import dev.webhookoutbox.jdbc.OutboxSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One isolated, migrated database for a test class: a fresh in-memory H2 database, or a fresh
 * schema in the shared PostgreSQL. Closing it drops what it created.
 */
public final class TestDatabase implements AutoCloseable {

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final HikariDataSource dataSource;
  private final Runnable cleanup;

  /** For {@code @MethodSource}: the arguments of {@link #both()}. */
  public static final String BOTH = "dev.webhookoutbox.it.support.TestDatabase#both";

  /** H2 and PostgreSQL, each as a display name and a supplier of a fresh database. */
  public static Stream<Arguments> both() {
    return Stream.of(
        Arguments.of("H2", (Supplier<TestDatabase>) TestDatabase::h2),
        Arguments.of("PostgreSQL", (Supplier<TestDatabase>) TestDatabase::postgres));
  }

  private TestDatabase(String jdbcUrl, String user, String password, Runnable cleanup) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.dataSource = DataSources.pooled(jdbcUrl, user, password, 10);
    this.cleanup = cleanup;
    OutboxSchema.migrate(dataSource);
  }

  public static TestDatabase h2() {
    String name = "outbox_" + Long.toHexString(System.nanoTime());
    return new TestDatabase("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", () -> {});
  }

  /**
   * An H2 database in a file under {@code dir} that runner processes can open as well: the first
   * process to open it serves it to the others ({@code AUTO_SERVER}).
   */
  public static TestDatabase h2File(Path dir) {
    String url = "jdbc:h2:file:" + dir.resolve("outbox").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    return new TestDatabase(url, "sa", "", () -> {});
  }

  /** A new schema in the test PostgreSQL (see {@link PostgresServer}). */
  public static TestDatabase postgres() {
    PostgresServer server = PostgresServer.get();
    String schema = "it_" + Long.toHexString(System.nanoTime());
    server.execute("CREATE SCHEMA " + schema);
    String url =
        server.jdbcUrl() + (server.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return new TestDatabase(
        url,
        server.user(),
        server.password(),
        () -> server.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** Empties the outbox tables between tests. */
  public void truncate() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM webhook_attempt");
      s.execute("DELETE FROM webhook_delivery");
      s.execute("DELETE FROM webhook_endpoint");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
    cleanup.run();
  }
}
