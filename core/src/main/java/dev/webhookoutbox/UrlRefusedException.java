package dev.webhookoutbox;

/**
 * A webhook URL was refused by the {@link dev.webhookoutbox.validation.UrlPolicy}: a scheme that is
 * not allowed, credentials in the URL, or a host that is, spells or resolves to an address the
 * runner must not reach (loopback, private networks, cloud metadata, ...).
 *
 * <p>At enqueue time it is thrown before anything is written. In the sender it never escapes: the
 * attempt is recorded as {@link dev.webhookoutbox.spi.AttemptError#URL_REFUSED}, a permanent
 * failure, with {@link #reason()} as its message.
 */
public class UrlRefusedException extends InvalidWebhookException {

  private final String reason;

  public UrlRefusedException(String reason) {
    super("url", "refused: " + reason);
    this.reason = reason;
  }

  /** Why the URL was refused, e.g. {@code host 127.0.0.1 is a loopback address}. */
  public String reason() {
    return reason;
  }
}
