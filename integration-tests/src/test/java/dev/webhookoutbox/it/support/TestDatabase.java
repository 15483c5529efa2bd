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
 * One isolated, migrated database for a test class: a fresh in-memory H2 database, a fresh schema
 * in the shared PostgreSQL, or a fresh database in the shared MariaDB. Closing it drops what it
 * created.
 */
public final class TestDatabase implements AutoCloseable {

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final HikariDataSource dataSource;
  private final Runnable cleanup;

  /** For {@code @MethodSource}: the arguments of {@link #all()}. */
  public static final String ALL = "dev.webhookoutbox.it.support.TestDatabase#all";

  /** For {@code @MethodSource}: the arguments of {@link #servers()}. */
  public static final String SERVERS = "dev.webhookoutbox.it.support.TestDatabase#servers";

  /** The database servers of {@link #all()}, without H2: what several processes can share. */
  public static Stream<Arguments> servers() {
    return all().filter(arguments -> !"H2".equals(arguments.get()[0]));
  }

  /**
   * H2, PostgreSQL and MariaDB, and MySQL where one is found ({@link MariaDbServer#mysql()}), each
   * as a display name and a supplier of a fresh database.
   */
  public static Stream<Arguments> all() {
    Stream<Arguments> always =
        Stream.of(
            Arguments.of("H2", (Supplier<TestDatabase>) TestDatabase::h2),
            Arguments.of("PostgreSQL", (Supplier<TestDatabase>) TestDatabase::postgres),
            Arguments.of("MariaDB", (Supplier<TestDatabase>) TestDatabase::mariadb));
    return MariaDbServer.mysql() == null
        ? always
        : Stream.concat(
            always, Stream.of(Arguments.of("MySQL", (Supplier<TestDatabase>) TestDatabase::mysql)));
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

  /** A new database in the test MariaDB (see {@link MariaDbServer}), dropped at close. */
  public static TestDatabase mariadb() {
    return inServer(MariaDbServer.get());
  }

  /** A new database in the test MySQL, where there is one ({@link MariaDbServer#mysql()}). */
  public static TestDatabase mysql() {
    MariaDbServer server = MariaDbServer.mysql();
    if (server == null) {
      throw new IllegalStateException("no MySQL: neither Docker nor WEBHOOKS_TEST_MYSQL_URL");
    }
    return inServer(server);
  }

  private static TestDatabase inServer(MariaDbServer server) {
    String database = "it_" + Long.toHexString(System.nanoTime());
    server.createDatabase(database);
    try {
      return new TestDatabase(
          server.jdbcUrl(database),
          server.user(),
          server.password(),
          () -> server.dropDatabase(database));
    } catch (RuntimeException e) {
      server.dropDatabase(database); // a migration that failed leaves no database behind
      throw e;
    }
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
