package dev.webhookoutbox.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The database locators yield working servers, found in the documented order, and their embedded
 * fallbacks (what a machine without Docker and without {@code WEBHOOKS_TEST_*_URL} gets) work here
 * too, whatever this machine has: each is started on its own port and directory, used and stopped.
 */
class DatabaseServersIT {

  @Test
  void theLocatedMariaDbCreatesAndDropsADatabase() throws Exception {
    MariaDbServer server = MariaDbServer.get();
    assertThat(server.origin()).isEqualTo(expectedOrigin("WEBHOOKS_TEST_MARIADB_URL"));
    createAndDropADatabase(server.jdbcUrl(), server.user(), server.password(), "MariaDB");
  }

  @Test
  void theEmbeddedMariaDbCreatesAndDropsADatabase() throws Exception {
    EmbeddedMariaDb embedded = EmbeddedMariaDb.start();
    try {
      MariaDbServer server = MariaDbServer.embedded(embedded);
      createAndDropADatabase(server.jdbcUrl(), server.user(), server.password(), "MariaDB");
    } finally {
      embedded.stop();
    }
  }

  @Test
  void theLocatedPostgresCreatesAndDropsADatabase() throws Exception {
    PostgresServer server = PostgresServer.get();
    assertThat(server.origin()).isEqualTo(expectedOrigin("WEBHOOKS_TEST_POSTGRES_URL"));
    createAndDropADatabase(server.jdbcUrl(), server.user(), server.password(), "PostgreSQL");
  }

  @Test
  void theEmbeddedPostgresCreatesAndDropsADatabase() throws Exception {
    PrivateCluster cluster = PrivateCluster.start(Locators.freePort());
    try {
      PostgresServer server = PostgresServer.embedded(cluster);
      createAndDropADatabase(server.jdbcUrl(), server.user(), server.password(), "PostgreSQL");
    } finally {
      cluster.stop();
    }
  }

  private static String expectedOrigin(String urlVariable) {
    if (Locators.dockerAvailable()) {
      return "container";
    }
    return Locators.env(urlVariable) != null ? urlVariable : "embedded";
  }

  /** Through the database's own JDBC driver, as the library's users will connect. */
  private static void createAndDropADatabase(
      String jdbcUrl, String user, String password, String driverName) throws Exception {
    String name = "it_locator_" + Long.toHexString(System.nanoTime());
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement s = c.createStatement()) {
      assertThat(c.getMetaData().getDriverName()).containsIgnoringCase(driverName);
      assertThat(c.getMetaData().getDatabaseProductName()).containsIgnoringCase(driverName);
      s.execute("CREATE DATABASE " + name);
      assertThat(databases(s, driverName)).contains(name);
      s.execute("DROP DATABASE " + name);
      assertThat(databases(s, driverName)).doesNotContain(name);
    }
  }

  private static List<String> databases(Statement s, String driverName) throws Exception {
    String sql =
        driverName.equals("MariaDB")
            ? "SELECT schema_name FROM information_schema.schemata"
            : "SELECT datname FROM pg_database";
    List<String> names = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
