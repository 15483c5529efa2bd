package dev.webhookoutbox.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.jdbc.DataSources;
import dev.webhookoutbox.jdbc.OutboxSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The benchmark's own schema in the local PostgreSQL, recreated for every scenario; {@link
 * MariaDbBenchDatabase} is the same on MariaDB.
 */
class BenchDatabase implements AutoCloseable {

  static final String SCHEMA = "webhook_bench";

  protected final String serverUrl;
  protected final String user;
  protected final String password;
  protected HikariDataSource dataSource;

  BenchDatabase(String serverUrl, String user, String password) {
    this.serverUrl = serverUrl;
    this.user = user;
    this.password = password;
  }

  /**
   * The benchmark's database, from {@code --database postgresql} (the default) or {@code mariadb}.
   */
  static BenchDatabase of(String name) {
    return switch (name) {
      case "postgresql" ->
          new BenchDatabase(
              env("WEBHOOKS_BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
              env("WEBHOOKS_BENCH_POSTGRES_USER", "postgres"),
              env("WEBHOOKS_BENCH_POSTGRES_PASSWORD", ""));
      case "mariadb" ->
          new MariaDbBenchDatabase(
              env("WEBHOOKS_BENCH_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test"),
              env("WEBHOOKS_BENCH_MARIADB_USER", "root"),
              env("WEBHOOKS_BENCH_MARIADB_PASSWORD", ""));
      default -> throw new IllegalArgumentException("--database postgresql or mariadb: " + name);
    };
  }

  /** The scenarios that run on this database (all but scenario 1 need PostgreSQL's tools). */
  boolean runs(int scenario) {
    return true;
  }

  /** How the server's own figures are named in the results: {@code pg}. */
  String prefix() {
    return "pg";
  }

  /** How the bytes {@link #walPosition} counts are named in the results. */
  String logName() {
    return "wal_bytes";
  }

  /** Adds the server's CPU to {@code cpu}, as a group named after it. */
  CpuUse serverProcesses(CpuUse cpu) {
    return cpu.postgres();
  }

  /** Server counters worth reporting per delivery, beyond commits and log bytes: none here. */
  Map<String, Long> counters() throws SQLException {
    return Map.of();
  }

  /** Drops and recreates the schema with the outbox tables and a business table. */
  HikariDataSource recreate() throws SQLException {
    closePool();
    try (Connection c = DriverManager.getConnection(serverUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
      s.execute("CREATE SCHEMA " + SCHEMA);
    }
    dataSource = DataSources.pooled(schemaUrl(), user, password, 16);
    OutboxSchema.migrate(dataSource);
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE prediction (id bigint PRIMARY KEY, status varchar(20) NOT NULL,"
              + " output text, updated_at timestamptz NOT NULL)");
      // What a hand-rolled outbox row looks like: the same columns, no library in between.
      s.execute(
          "CREATE TABLE raw_outbox (id uuid PRIMARY KEY, event_type varchar(100) NOT NULL,"
              + " subject varchar(200), url varchar(2048) NOT NULL, payload text NOT NULL,"
              + " signing_secrets text, extra_headers text, status varchar(16) NOT NULL,"
              + " attempt_count integer NOT NULL, next_attempt_at timestamptz NOT NULL,"
              + " dedupe_key varchar(200), created_at timestamptz NOT NULL,"
              + " updated_at timestamptz NOT NULL)");
      s.execute(
          "CREATE INDEX raw_outbox_due ON raw_outbox (next_attempt_at) WHERE status = 'PENDING'");
    }
    return dataSource;
  }

  String schemaUrl() {
    return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  /** Committed transactions in this database, from {@code pg_stat_database}. */
  long committedTransactions() throws SQLException {
    return queryLong("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
  }

  /** The current WAL position in bytes: what the database wrote to its log. */
  long walPosition() throws SQLException {
    return queryLong("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn");
  }

  private long queryLong(String sql) throws SQLException {
    // A fresh connection that is not counted: pg_stat views lag by a transaction otherwise.
    try (Connection c = DriverManager.getConnection(serverUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_stat_clear_snapshot()");
      try (ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  long count(String where) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM webhook_delivery WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  protected void closePool() {
    if (dataSource != null) {
      dataSource.close();
      dataSource = null;
    }
  }

  @Override
  public void close() throws SQLException {
    closePool();
    if (System.getenv("WEBHOOKS_BENCH_KEEP_SCHEMA") != null) {
      return; // left for inspection with psql
    }
    try (Connection c = DriverManager.getConnection(serverUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
