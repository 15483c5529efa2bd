package dev.webhookoutbox.it.support;

import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The PostgreSQL the tests share, found in this order: a Testcontainers container when a Docker
 * engine is available; else the server at {@code WEBHOOKS_TEST_POSTGRES_URL} (user {@code
 * WEBHOOKS_TEST_POSTGRES_USER}, default {@code postgres}, password {@code
 * WEBHOOKS_TEST_POSTGRES_PASSWORD}); else a private cluster of the embedded PostgreSQL from Maven
 * Central ({@link PrivateCluster}), on a port and in a directory of its own, stopped when the JVM
 * exits. A test that needs PostgreSQL therefore always runs; if none of the three works it fails,
 * it is never skipped.
 */
public final class PostgresServer {

  private static final String URL_VARIABLE = "WEBHOOKS_TEST_POSTGRES_URL";
  private static PostgresServer instance;

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String origin;

  private PostgresServer(String jdbcUrl, String user, String password, String origin) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.origin = origin;
  }

  public static synchronized PostgresServer get() {
    if (instance == null) {
      instance = locate();
      instance.execute("SELECT 1");
    }
    return instance;
  }

  private static PostgresServer locate() {
    if (Locators.dockerAvailable()) {
      PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine");
      container.start();
      return new PostgresServer(
          container.getJdbcUrl(), container.getUsername(), container.getPassword(), "container");
    }
    String url = Locators.env(URL_VARIABLE);
    if (url != null) {
      return new PostgresServer(
          url,
          Locators.envOr("WEBHOOKS_TEST_POSTGRES_USER", "postgres"),
          Locators.envOr("WEBHOOKS_TEST_POSTGRES_PASSWORD", ""),
          URL_VARIABLE);
    }
    return embedded(PrivateCluster.start(Locators.freePort()));
  }

  /** A server on {@code cluster}, which the caller stops. */
  static PostgresServer embedded(PrivateCluster cluster) {
    return new PostgresServer(cluster.jdbcUrl("postgres"), "postgres", "", "embedded");
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

  /**
   * Where it came from: {@code container}, {@code WEBHOOKS_TEST_POSTGRES_URL} or {@code embedded}.
   */
  public String origin() {
    return origin;
  }

  public void execute(String sql) {
    Locators.execute(jdbcUrl, user, password, sql);
  }
}
