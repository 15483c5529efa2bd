package dev.webhookoutbox.it.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.jdbc.DataSources;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * A database with no outbox tables yet, for tests of how the schema gets there (Flyway, Liquibase,
 * {@code OutboxSchema}): a fresh in-memory H2 database, or a fresh schema in the test PostgreSQL.
 * Closing it drops what it created.
 */
public final class EmptyDatabase implements AutoCloseable {

  /** For {@code @MethodSource}: the arguments of {@link #both()}. */
  public static final String BOTH = "dev.webhookoutbox.it.support.EmptyDatabase#both";

  private final String dialect;
  private final String url;
  private final String user;
  private final String password;
  private final HikariDataSource dataSource;
  private final Runnable cleanup;

  private EmptyDatabase(String dialect, String url, String user, String password, Runnable drop) {
    this.dialect = dialect;
    this.url = url;
    this.user = user;
    this.password = password;
    this.dataSource = DataSources.pooled(url, user, password, 6);
    this.cleanup = drop;
  }

  /** H2 and PostgreSQL, each as a display name and a supplier of a fresh database. */
  public static Stream<Arguments> both() {
    return Stream.of(
        Arguments.of("H2", (Supplier<EmptyDatabase>) EmptyDatabase::h2),
        Arguments.of("PostgreSQL", (Supplier<EmptyDatabase>) EmptyDatabase::postgres));
  }

  public static EmptyDatabase h2() {
    String name = "schema_" + Long.toHexString(System.nanoTime());
    return new EmptyDatabase(
        "h2", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", () -> {});
  }

  public static EmptyDatabase postgres() {
    PostgresServer server = PostgresServer.get();
    String schema = "schema_" + Long.toHexString(System.nanoTime());
    server.execute("CREATE SCHEMA " + schema);
    String url =
        server.jdbcUrl() + (server.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return new EmptyDatabase(
        "postgresql",
        url,
        server.user(),
        server.password(),
        () -> server.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
  }

  /** The folder of this database's SQL files: {@code postgresql} or {@code h2}. */
  public String dialect() {
    return dialect;
  }

  /** The runner's settings for this database ({@code WEBHOOKS_DB_*}). */
  public Map<String, String> runnerEnv() {
    return Map.of(
        "WEBHOOKS_DB_URL", url, "WEBHOOKS_DB_USER", user, "WEBHOOKS_DB_PASSWORD", password);
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
    cleanup.run();
  }
}
