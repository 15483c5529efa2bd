package dev.webhookoutbox.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.jdbc.DataSources;
import dev.webhookoutbox.jdbc.OutboxSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The benchmark's own schema in the local PostgreSQL, recreated for every scenario. */
final class BenchDatabase implements AutoCloseable {

  static final String SCHEMA = "webhook_bench";

  private final String serverUrl;
  private final String user;
  private final String password;
  private HikariDataSource dataSource;

  BenchDatabase(String serverUrl, String user, String password) {
    this.serverUrl = serverUrl;
    this.user = user;
    this.password = password;
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

  /** The current WAL position in bytes. */
  long walPosition() throws SQLException {
    return queryLong("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn");
  }

  long queryLong(String sql) throws SQLException {
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

  private void closePool() {
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
}
