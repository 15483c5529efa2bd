package dev.webhookoutbox;

/**
 * Root of every exception this library throws. Subtypes say what kind of thing went wrong; the
 * message says what to do about it. Messages never contain signing secrets or whole payloads.
 */
public class WebhookOutboxException extends RuntimeException {

  public WebhookOutboxException(String message) {
    super(message);
  }

  public WebhookOutboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
