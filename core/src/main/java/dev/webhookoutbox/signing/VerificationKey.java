package dev.webhookoutbox.signing;

import dev.webhookoutbox.InvalidWebhookException;

/**
 * A key a receiver verifies webhooks with: the shared {@link WebhookSecret} ({@code whsec_}, checks
 * {@code v1} signatures) or a sender's public {@link Ed25519VerifyingKey} ({@code whpk_}, checks
 * {@code v1a} signatures).
 *
 * <pre>{@code
 * VerificationKey key = VerificationKey.parse(System.getenv("WEBHOOK_SECRET"));
 * }</pre>
 */
public sealed interface VerificationKey permits WebhookSecret, Ed25519VerifyingKey {

  /**
   * Parses {@code whsec_<base64>} or {@code whpk_<base64>}. A {@code whsk_} secret key is accepted
   * too and stands for its public half, which is convenient in tests; receivers should be given
   * only the {@code whpk_} key.
   *
   * @throws InvalidWebhookException naming the rule that was broken, never echoing the key
   */
  static VerificationKey parse(String text) {
    String field = "verificationKey";
    if (text != null && text.startsWith(WebhookSecret.PREFIX)) {
      return WebhookSecret.parse(text, field);
    }
    if (text != null && text.startsWith(Ed25519VerifyingKey.PREFIX)) {
      return Ed25519VerifyingKey.parse(text, field);
    }
    if (text != null && text.startsWith(Ed25519SigningKey.PREFIX)) {
      return Ed25519SigningKey.parse(text).verifyingKey();
    }
    throw new InvalidWebhookException(
        field,
        "must be '"
            + WebhookSecret.PREFIX
            + "<base64>' (shared secret) or '"
            + Ed25519VerifyingKey.PREFIX
            + "<base64>' (Ed25519 public key); other forms are rejected, not guessed at");
  }

  /** The signature identifier this key checks: {@code v1} (HMAC) or {@code v1a} (Ed25519). */
  String signatureVersion();
}
