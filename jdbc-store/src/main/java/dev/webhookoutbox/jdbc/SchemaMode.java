package dev.webhookoutbox.jdbc;

import java.util.Locale;
import javax.sql.DataSource;

/**
 * What a process does to the outbox schema when it starts (the runner's {@code
 * webhooks.schema.mode}).
 *
 * <pre>{@code
 * SchemaMode.VERIFY.prepare(dataSource); // the host's Flyway or Liquibase applies the files
 * }</pre>
 */
public enum SchemaMode {
  /**
   * {@link OutboxSchema#migrate}: applies what is missing, unless Flyway or Liquibase records show
   * that they manage the outbox's files; then it only verifies, as {@link #VERIFY}.
   */
  MIGRATE,
  /** {@link OutboxSchema#verify}: changes nothing, fails if a migration is missing. */
  VERIFY,
  /** Neither applies nor checks anything. */
  NONE;

  /** Applies this mode to the database. */
  public void prepare(DataSource dataSource) {
    switch (this) {
      case MIGRATE -> OutboxSchema.migrate(dataSource);
      case VERIFY -> OutboxSchema.verify(dataSource);
      case NONE -> {}
    }
  }

  /**
   * {@code migrate}, {@code verify} or {@code none}, in any case.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static SchemaMode parse(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "migrate" -> MIGRATE;
      case "verify" -> VERIFY;
      case "none" -> NONE;
      default ->
          throw new IllegalArgumentException(
              "must be migrate, verify or none, was '" + text.strip() + "'");
    };
  }
}
