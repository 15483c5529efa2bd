package dev.webhookoutbox.signing;

import dev.webhookoutbox.InvalidWebhookException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A symmetric signing secret in the Standard Webhooks form {@code whsec_<base64 key>}; it signs
 * with HMAC-SHA256 ({@code v1}) and, held by the receiver, verifies the same signatures.
 *
 * <pre>{@code
 * WebhookSecret secret = WebhookSecret.generate();
 * String forCustomer = secret.asText(); // "whsec_...", shown once, stored with the webhook
 * }</pre>
 *
 * <p>Rule for other forms: a secret without the {@code whsec_} prefix is rejected, never guessed
 * at, because signing with bytes the receiver does not expect fails every delivery silently. Keys
 * must decode (standard base64) to between 24 and 64 bytes, as the specification requires.
 */
public final class WebhookSecret implements SigningKey, VerificationKey {

  static final String PREFIX = "whsec_";
  static final String VERSION = "v1";
  private static final int MIN_KEY_BYTES = 24;
  private static final int MAX_KEY_BYTES = 64;
  private static final int GENERATED_KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  private WebhookSecret(byte[] key) {
    this.key = key;
  }

  /**
   * Parses {@code whsec_<base64>}.
   *
   * @throws InvalidWebhookException naming the rule that was broken, never echoing the secret
   */
  public static WebhookSecret parse(String secret) {
    return parse(secret, "signingSecret");
  }

  static WebhookSecret parse(String secret, String field) {
    byte[] key = KeyText.decode(secret, PREFIX, field);
    if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
      throw new InvalidWebhookException(
          field,
          "key must decode to "
              + MIN_KEY_BYTES
              + " to "
              + MAX_KEY_BYTES
              + " bytes, was "
              + key.length);
    }
    return new WebhookSecret(key);
  }

  /** A new random 32-byte secret. */
  public static WebhookSecret generate() {
    byte[] key = new byte[GENERATED_KEY_BYTES];
    RANDOM.nextBytes(key);
    return new WebhookSecret(key);
  }

  /**
   * The secret in its {@code whsec_<base64>} text form, to store with a webhook or show to the
   * receiver once. Treat the result like a password.
   */
  public String asText() {
    return KeyText.encode(PREFIX, key);
  }

  /** A copy of the raw key bytes. */
  public byte[] keyBytes() {
    return key.clone();
  }

  byte[] keyBytesUnsafe() {
    return key;
  }

  /** Always {@code v1}. */
  @Override
  public String signatureVersion() {
    return VERSION;
  }

  /** {@code v1,} + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)). */
  @Override
  public String sign(String webhookId, long timestampSeconds, byte[] body) {
    return VERSION + "," + WebhookSigner.sign(webhookId, timestampSeconds, body, this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookSecret other && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "WebhookSecret[redacted]";
  }
}
