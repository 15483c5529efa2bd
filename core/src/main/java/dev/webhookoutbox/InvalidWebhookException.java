package dev.webhookoutbox;

/**
 * A webhook request was rejected before anything was written: the URL, body, event type, subject,
 * secret or a header broke a documented rule. The message names the field and the rule.
 */
public class InvalidWebhookException extends WebhookOutboxException {

  private final String field;

  public InvalidWebhookException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public InvalidWebhookException(String field, String message, Throwable cause) {
    super(field + ": " + message, cause);
    this.field = field;
  }

  /** The request field that was rejected, e.g. {@code url} or {@code payload}. */
  public String field() {
    return field;
  }
}
