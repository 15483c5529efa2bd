package dev.webhookoutbox;

/**
 * The outbox tables are missing migrations that this version of the library needs, and they were
 * not applied here: the schema is checked only, or Flyway or Liquibase manage it. The message names
 * the missing migration files and the tool that should apply them.
 */
public class OutboxSchemaException extends WebhookOutboxException {

  public OutboxSchemaException(String message) {
    super(message);
  }
}
