package dev.webhookoutbox.it.support;

import org.testcontainers.containers.MariaDBContainer;

/**
 * The MariaDB the tests share, found in this order: a Testcontainers container when a Docker engine
 * is available; else the server at {@code WEBHOOKS_TEST_MARIADB_URL} (user {@code
 * WEBHOOKS_TEST_MARIADB_USER}, default {@code root}, password {@code
 * WEBHOOKS_TEST_MARIADB_PASSWORD}, default empty); else an embedded MariaDB from Maven Central
 * ({@link EmbeddedMariaDb}), on a port and in a directory of its own, stopped when the JVM exits. A
 * test that needs MariaDB therefore always runs; if none of the three works it fails, it is never
 * skipped. The user may create databases: tests isolate themselves in one each.
 */
public final class MariaDbServer {

  private static final String URL_VARIABLE = "WEBHOOKS_TEST_MARIADB_URL";
  private static MariaDbServer instance;

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String origin;

  private MariaDbServer(String jdbcUrl, String user, String password, String origin) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.origin = origin;
  }

  public static synchronized MariaDbServer get() {
    if (instance == null) {
      instance = locate();
      instance.execute("SELECT 1");
    }
    return instance;
  }

  private static MariaDbServer locate() {
    if (Locators.dockerAvailable()) {
      // As root, so that tests may create a database each.
      MariaDBContainer<?> container = new MariaDBContainer<>("mariadb:11.4").withUsername("root");
      container.start();
      return new MariaDbServer(
          container.getJdbcUrl(), container.getUsername(), container.getPassword(), "container");
    }
    String url = Locators.env(URL_VARIABLE);
    if (url != null) {
      return new MariaDbServer(
          url,
          Locators.envOr("WEBHOOKS_TEST_MARIADB_USER", "root"),
          Locators.envOr("WEBHOOKS_TEST_MARIADB_PASSWORD", ""),
          URL_VARIABLE);
    }
    return embedded(EmbeddedMariaDb.start());
  }

  /** A server on {@code server}, which the caller stops. */
  static MariaDbServer embedded(EmbeddedMariaDb server) {
    Locators.execute(server.jdbcUrl(""), "root", "", "CREATE DATABASE IF NOT EXISTS test");
    return new MariaDbServer(server.jdbcUrl("test"), "root", "", "embedded");
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
   * Where it came from: {@code container}, {@code WEBHOOKS_TEST_MARIADB_URL} or {@code embedded}.
   */
  public String origin() {
    return origin;
  }

  public void execute(String sql) {
    Locators.execute(jdbcUrl, user, password, sql);
  }
}
