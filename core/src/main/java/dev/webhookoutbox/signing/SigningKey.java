package dev.webhookoutbox.signing;

import dev.webhookoutbox.InvalidWebhookException;

/**
 * A key that signs webhooks: a symmetric {@link WebhookSecret} ({@code whsec_}, signatures {@code
 * v1}) or an asymmetric {@link Ed25519SigningKey} ({@code whsk_}, signatures {@code v1a}). One
 * webhook may carry several keys of either kind; every attempt is then signed with all of them.
 *
 * <pre>{@code
 * SigningKey key = SigningKey.parse("whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=");
 * String signature = key.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body); // "v1a,..."
 * }</pre>
 */
public sealed interface SigningKey permits WebhookSecret, Ed25519SigningKey {

  /**
   * Parses a key by its prefix: {@code whsec_} is HMAC-SHA256, {@code whsk_} is Ed25519.
   *
   * <p>Rule for other forms: anything else is rejected, never guessed at, because signing with
   * bytes the receiver does not expect fails every delivery silently. A {@code whpk_} public key
   * cannot sign and is rejected with a hint to use its {@code whsk_} secret key.
   *
   * @throws InvalidWebhookException naming the rule that was broken, never echoing the key
   */
  static SigningKey parse(String text) {
    if (text == null) {
      throw new InvalidWebhookException("signingSecret", "must not be null");
    }
    if (text.startsWith(WebhookSecret.PREFIX)) {
      return WebhookSecret.parse(text);
    }
    if (text.startsWith(Ed25519SigningKey.PREFIX)) {
      return Ed25519SigningKey.parse(text);
    }
    if (text.startsWith(Ed25519VerifyingKey.PREFIX)) {
      throw new InvalidWebhookException(
          "signingSecret",
          "is a '"
              + Ed25519VerifyingKey.PREFIX
              + "' public key, which can only verify: sign with the matching '"
              + Ed25519SigningKey.PREFIX
              + "' secret key and give the public key to the receiver");
    }
    if (SecretCipher.isEncrypted(text)) {
      throw new InvalidWebhookException(
          "signingSecret",
          "is still encrypted at rest ('enc:...'): give the store the SecretCipher whose key"
              + " encrypted it");
    }
    throw new InvalidWebhookException(
        "signingSecret",
        "must be '"
            + WebhookSecret.PREFIX
            + "<base64>' (HMAC-SHA256) or '"
            + Ed25519SigningKey.PREFIX
            + "<base64>' (Ed25519); other forms are rejected, not guessed at");
  }

  /** The signature identifier this key produces: {@code v1} (HMAC) or {@code v1a} (Ed25519). */
  String signatureVersion();

  /**
   * Signs {@code webhookId + "." + timestampSeconds + "." + body}.
   *
   * @return the versioned signature as it appears in {@code webhook-signature}, e.g. {@code
   *     v1,<base64>}
   */
  String sign(String webhookId, long timestampSeconds, byte[] body);
}
