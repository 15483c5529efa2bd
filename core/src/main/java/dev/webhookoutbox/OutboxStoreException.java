package dev.webhookoutbox;

/** The outbox database could not be read or written. The cause is the driver's exception. */
public class OutboxStoreException extends WebhookOutboxException {

  public OutboxStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
