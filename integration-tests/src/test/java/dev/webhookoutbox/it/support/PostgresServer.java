package dev.webhookoutbox.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The PostgreSQL the tests use: a Testcontainers container when a Docker engine is available, else
 * the server at {@code WEBHOOKS_TEST_POSTGRES_URL}. With neither, tests are skipped locally but
 * fail under {@code CI=true}: CI must never pass by skipping PostgreSQL.
 */
public final class PostgresServer {

  private static PostgresServer instance;

  private final String jdbcUrl;
  private final String user;
  private final String password;

  private PostgresServer(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  public static synchronized PostgresServer get() {
    if (instance == null) {
      instance = locate();
    }
    return instance;
  }

  private static PostgresServer locate() {
    String url = System.getenv("WEBHOOKS_TEST_POSTGRES_URL");
    if (url != null && !url.isBlank()) {
      PostgresServer server =
          new PostgresServer(
              url,
              envOr("WEBHOOKS_TEST_POSTGRES_USER", "postgres"),
              envOr("WEBHOOKS_TEST_POSTGRES_PASSWORD", ""));
      server.execute("SELECT 1");
      return server;
    }
    if (dockerAvailable()) {
      PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine");
      container.start();
      return new PostgresServer(
          container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
    String reason =
        "No PostgreSQL: no Docker engine for Testcontainers and WEBHOOKS_TEST_POSTGRES_URL is unset";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(reason + " (CI=true: this is a failure, not a skip)");
    }
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
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

  public void execute(String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at " + jdbcUrl + " is not usable: " + e.getMessage(), e);
    }
  }
}
