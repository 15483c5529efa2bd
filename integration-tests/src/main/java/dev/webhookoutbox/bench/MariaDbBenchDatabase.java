package dev.webhookoutbox.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.jdbc.DataSources;
import dev.webhookoutbox.jdbc.OutboxSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's own database ({@value #SCHEMA}) on the local MariaDB, recreated for every
 * scenario. Commits and redo log bytes come from {@code SHOW GLOBAL STATUS}, which counts the whole
 * server: run it on a server nothing else uses.
 */
final class MariaDbBenchDatabase extends BenchDatabase {

  /**
   * The status counters reported per delivery, besides commits and redo bytes, where the server has
   * them (MySQL counts InnoDB rows, MariaDB counts handler calls).
   */
  private static final List<String> COUNTERS =
      List.of(
          "Com_select",
          "Com_insert",
          "Com_update",
          "Handler_read_key",
          "Handler_read_next",
          "Handler_read_rnd_next",
          "Handler_update",
          "Handler_write",
          "Innodb_buffer_pool_reads",
          "Innodb_data_fsyncs",
          "Innodb_rows_read",
          "Innodb_rows_inserted",
          "Innodb_rows_updated",
          "Innodb_row_lock_waits",
          "Innodb_deadlocks");

  MariaDbBenchDatabase(String serverUrl, String user, String password) {
    super(serverUrl, user, password);
  }

  @Override
  boolean runs(int scenario) {
    return scenario == 2 || scenario == 3;
  }

  @Override
  String prefix() {
    return "mariadb";
  }

  @Override
  String logName() {
    return "mariadb_redo_bytes";
  }

  @Override
  CpuUse serverProcesses(CpuUse cpu) {
    return cpu.mariadb();
  }

  @Override
  HikariDataSource recreate() throws SQLException {
    closePool();
    try (Connection c = DriverManager.getConnection(serverUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + SCHEMA);
      s.execute("CREATE DATABASE " + SCHEMA);
    }
    dataSource = DataSources.pooled(schemaUrl(), user, password, 16);
    OutboxSchema.migrate(dataSource);
    return dataSource;
  }

  @Override
  String schemaUrl() {
    int query = serverUrl.indexOf('?');
    String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
    int slash = base.indexOf('/', base.indexOf("//") + 2);
    return (slash < 0 ? base : base.substring(0, slash))
        + "/"
        + SCHEMA
        + (query < 0 ? "" : serverUrl.substring(query));
  }

  @Override
  long committedTransactions() throws SQLException {
    return status().get("Com_commit");
  }

  /** Bytes written to InnoDB's redo log, MariaDB's counterpart of the WAL. */
  @Override
  long walPosition() throws SQLException {
    return status().get("Innodb_os_log_written");
  }

  @Override
  Map<String, Long> counters() throws SQLException {
    Map<String, Long> all = status();
    Map<String, Long> chosen = new LinkedHashMap<>();
    COUNTERS.stream().filter(all::containsKey).forEach(name -> chosen.put(name, all.get(name)));
    return chosen;
  }

  private Map<String, Long> status() throws SQLException {
    Map<String, Long> values = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(serverUrl, user, password);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS")) {
      while (rs.next()) {
        try {
          values.put(rs.getString(1), Long.parseLong(rs.getString(2)));
        } catch (NumberFormatException e) {
          // not a counter
        }
      }
    }
    return values;
  }

  @Override
  public void close() throws SQLException {
    closePool();
    if (System.getenv("WEBHOOKS_BENCH_KEEP_SCHEMA") != null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(serverUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + SCHEMA);
    }
  }
}
