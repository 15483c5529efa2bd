package dev.webhookoutbox.signing;

import dev.webhookoutbox.WebhookOutboxException;
import java.util.Objects;

/**
 * A received webhook failed verification: answer it with a 4xx and do not process it. {@link
 * #reason()} says why, for metrics and for choosing what to log; the message adds details (which
 * header, how far off the clock is) and never contains a key or signature.
 *
 * <pre>{@code
 * try {
 *   verifier.verify(headers, body);
 * } catch (WebhookVerificationException e) {
 *   log.warn("Rejected webhook: {}", e.getMessage());
 *   return e.reason() == Reason.MISMATCH ? 401 : 400;
 * }
 * }</pre>
 */
public class WebhookVerificationException extends WebhookOutboxException {

  /** Why verification failed. */
  public enum Reason {
    /** {@code webhook-id}, {@code webhook-timestamp} or {@code webhook-signature} is absent. */
    MISSING_HEADER,
    /** The timestamp is not unix seconds, or the signature header holds no {@code v,sig} entry. */
    BAD_FORMAT,
    /** The timestamp is further in the past than the tolerance: a replay, or a slow queue. */
    TIMESTAMP_TOO_OLD,
    /** The timestamp is further in the future than the tolerance: usually clock skew. */
    TIMESTAMP_IN_FUTURE,
    /**
     * No signature matches any key: wrong or rotated-away key, or the id, timestamp or body was
     * changed (e.g. the body was parsed and re-serialised before verifying).
     */
    MISMATCH
  }

  private final Reason reason;

  public WebhookVerificationException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
