package dev.webhookoutbox.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Pooled data sources for the runner, with settings that suit its short batched transactions. */
public final class DataSources {

  private DataSources() {}

  /**
   * A HikariCP pool. A runner needs few connections: one claiming, one recording, one for
   * maintenance jobs, and headroom.
   */
  public static HikariDataSource pooled(String jdbcUrl, String user, String password, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(Math.min(2, size));
    config.setPoolName("webhook-outbox");
    // Fail fast at start-up on a bad URL, but let a running pool ride out a database restart.
    config.setInitializationFailTimeout(10_000);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }
}
