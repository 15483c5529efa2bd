package dev.webhookoutbox.it.support;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A PostgreSQL of the test's own that it may restart, unlike the shared server of {@link
 * PostgresServer}: a Testcontainers container when a Docker engine is available, else a private
 * cluster of the embedded PostgreSQL made with {@code initdb} and run by {@code pg_ctl} ({@link
 * PrivateCluster}). If neither starts, the test fails; it is never skipped.
 *
 * <pre>{@code
 * try (RestartablePostgres pg = RestartablePostgres.start()) {
 *   ... pg.jdbcUrl() ...
 *   pg.restart(); // every open connection breaks; new ones work once this returns
 * }
 * }</pre>
 */
public final class RestartablePostgres implements AutoCloseable {

  private static final String USER = "postgres";

  private final String jdbcUrl;
  private final String password;
  private final Runnable restart;
  private final Runnable stop;

  private RestartablePostgres(String jdbcUrl, String password, Runnable restart, Runnable stop) {
    this.jdbcUrl = jdbcUrl;
    this.password = password;
    this.restart = restart;
    this.stop = stop;
  }

  /** Starts a new server. */
  public static RestartablePostgres start() {
    RestartablePostgres server = Locators.dockerAvailable() ? container() : privateCluster();
    server.awaitAccepting(Duration.ofSeconds(60));
    return server;
  }

  private static RestartablePostgres privateCluster() {
    PrivateCluster cluster = PrivateCluster.start(Locators.freePort());
    return new RestartablePostgres(
        cluster.jdbcUrl("postgres"), "", cluster::restart, cluster::stop);
  }

  /**
   * A container whose host port is fixed by the test: Docker may give a container a new random port
   * when it restarts, and the runners under test must reconnect to the same URL.
   */
  private static RestartablePostgres container() {
    int port = Locators.freePort();
    PostgreSQLContainer<?> container =
        new PostgreSQLContainer<>("postgres:16-alpine")
            .withUsername(USER)
            .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=200")
            .withCreateContainerCmdModifier(
                cmd ->
                    cmd.getHostConfig()
                        .withPortBindings(
                            new PortBinding(Ports.Binding.bindPort(port), ExposedPort.tcp(5432))));
    container.start();
    String id = container.getContainerId();
    return new RestartablePostgres(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + container.getDatabaseName(),
        container.getPassword(),
        () ->
            DockerClientFactory.instance().client().restartContainerCmd(id).withTimeout(10).exec(),
        container::stop);
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return USER;
  }

  public String password() {
    return password;
  }

  /**
   * Restarts the server (a fast shutdown: open connections are terminated) and returns once it
   * accepts connections again.
   */
  public void restart() {
    restart.run();
    awaitAccepting(Duration.ofSeconds(60));
  }

  private void awaitAccepting(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Connection c = DriverManager.getConnection(jdbcUrl, USER, password)) {
        c.createStatement().execute("SELECT 1");
        return;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("PostgreSQL at " + jdbcUrl + " does not answer", e);
        }
        // A server starting up refuses connections for a moment; there is nothing to await on.
        sleep(Duration.ofMillis(100));
      }
    }
  }

  @Override
  public void close() {
    stop.run();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
