package dev.webhookoutbox.signing;

import dev.webhookoutbox.WebhookOutboxException;

/**
 * A stored secret could not be decrypted: it was encrypted with another key, was altered, or is not
 * in the {@code enc:v1:} form. The message never contains the secret or the stored text.
 */
public class SecretCipherException extends WebhookOutboxException {

  public SecretCipherException(String message) {
    super(message);
  }

  public SecretCipherException(String message, Throwable cause) {
    super(message, cause);
  }
}
