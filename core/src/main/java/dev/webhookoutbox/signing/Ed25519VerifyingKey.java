package dev.webhookoutbox.signing;

import dev.webhookoutbox.InvalidWebhookException;
import java.security.PublicKey;
import java.util.Arrays;

/**
 * The public half of an {@link Ed25519SigningKey}, in the Standard Webhooks form {@code
 * whpk_<base64 of 32 bytes>}. Receivers verify {@code v1a} signatures with it; it is not secret.
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.of("whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=");
 * }</pre>
 */
public final class Ed25519VerifyingKey implements VerificationKey {

  static final String PREFIX = "whpk_";

  private final byte[] raw;
  private final PublicKey publicKey;

  Ed25519VerifyingKey(byte[] raw) {
    this.raw = raw;
    this.publicKey = Ed25519.publicKey(raw);
  }

  /**
   * Parses {@code whpk_<base64>}.
   *
   * @throws InvalidWebhookException if the prefix, base64 or length (32 bytes) is wrong
   */
  public static Ed25519VerifyingKey parse(String text) {
    return parse(text, "verificationKey");
  }

  static Ed25519VerifyingKey parse(String text, String field) {
    byte[] raw = KeyText.decode(text, PREFIX, field);
    if (raw.length != Ed25519.PUBLIC_KEY_BYTES) {
      throw new InvalidWebhookException(
          field, "an Ed25519 public key must decode to 32 bytes, was " + raw.length);
    }
    return new Ed25519VerifyingKey(raw);
  }

  /** The key in its {@code whpk_<base64>} text form, to give to receivers. */
  public String asText() {
    return KeyText.encode(PREFIX, raw);
  }

  /** A copy of the raw 32-byte public key. */
  public byte[] keyBytes() {
    return raw.clone();
  }

  /** Always {@code v1a}. */
  @Override
  public String signatureVersion() {
    return Ed25519SigningKey.VERSION;
  }

  boolean verifies(byte[] prefix, byte[] body, byte[] signature) {
    return signature.length == Ed25519.SIGNATURE_BYTES
        && Ed25519.verify(publicKey, prefix, body, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519VerifyingKey other && Arrays.equals(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  /** Shows the key: it is public. */
  @Override
  public String toString() {
    return "Ed25519VerifyingKey[" + asText() + "]";
  }
}
