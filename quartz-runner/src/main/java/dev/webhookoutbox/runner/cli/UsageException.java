package dev.webhookoutbox.runner.cli;

import dev.webhookoutbox.WebhookOutboxException;

/** The command line does not fit the command's usage; the message says what is wrong. */
public final class UsageException extends WebhookOutboxException {
  public UsageException(String message) {
    super(message);
  }

  /** As {@link #UsageException(String)}, with what the parser threw. */
  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
