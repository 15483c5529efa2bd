package dev.webhookoutbox;

/**
 * Enqueue was given a connection or handle with no open transaction, so the delivery would commit
 * on its own and be sent even if the change it reports rolls back. Nothing was written. The message
 * says which connection to pass instead; a send that belongs to no transaction on purpose uses
 * {@code WebhookOutbox.enqueueWithoutTransaction}.
 */
public class NotInTransactionException extends WebhookOutboxException {

  public NotInTransactionException(String message) {
    super(message);
  }
}
