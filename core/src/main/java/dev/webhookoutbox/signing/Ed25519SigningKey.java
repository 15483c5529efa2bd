package dev.webhookoutbox.signing;

import dev.webhookoutbox.InvalidWebhookException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * An asymmetric signing key in the Standard Webhooks form {@code whsk_<base64>}: it signs with
 * Ed25519 ({@code v1a}), and receivers verify with its public {@link Ed25519VerifyingKey} ({@code
 * whpk_}) without holding anything secret.
 *
 * <pre>{@code
 * Ed25519SigningKey key = Ed25519SigningKey.generate();
 * String stored = key.asText();                          // "whsk_...": keep it like a password
 * String forReceiver = key.verifyingKey().asText();      // "whpk_...": safe to publish
 * WebhookRequest.builder(url, "completed").signingSecret(stored)...
 * }</pre>
 *
 * <p>Accepted forms: the base64 of the 32-byte private key (the RFC 8032 seed, as the Standard
 * Webhooks reference libraries use), or of 64 bytes {@code seed || public key} (the libsodium
 * layout that Svix uses), whose public half must match the seed. Anything else is rejected.
 */
public final class Ed25519SigningKey implements SigningKey {

  static final String PREFIX = "whsk_";
  static final String VERSION = "v1a";
  private static final String FIELD = "signingSecret";

  private final byte[] seed;
  private final PrivateKey privateKey;
  private volatile Ed25519VerifyingKey verifyingKey;

  private Ed25519SigningKey(byte[] seed, Ed25519VerifyingKey verifyingKey) {
    this.seed = seed;
    this.privateKey = Ed25519.privateKey(seed);
    this.verifyingKey = verifyingKey;
  }

  /**
   * Parses {@code whsk_<base64>}.
   *
   * @throws InvalidWebhookException naming the rule that was broken, never echoing the key
   */
  public static Ed25519SigningKey parse(String text) {
    byte[] bytes = KeyText.decode(text, PREFIX, FIELD);
    if (bytes.length == Ed25519.SEED_BYTES) {
      return new Ed25519SigningKey(bytes, null);
    }
    if (bytes.length == Ed25519.SEED_BYTES + Ed25519.PUBLIC_KEY_BYTES) {
      byte[] seed = Arrays.copyOf(bytes, Ed25519.SEED_BYTES);
      byte[] publicKey = Arrays.copyOfRange(bytes, Ed25519.SEED_BYTES, bytes.length);
      // Signing only uses the seed; a mismatched public half would have the receiver verify with
      // a key that never matches, so refuse the pair instead of failing every delivery.
      if (!MessageDigest.isEqual(Ed25519.derivePublicKey(seed), publicKey)) {
        throw new InvalidWebhookException(
            FIELD,
            "the 64-byte '" + PREFIX + "' key's second half is not the public key of its first");
      }
      return new Ed25519SigningKey(seed, new Ed25519VerifyingKey(publicKey));
    }
    throw new InvalidWebhookException(
        FIELD,
        "an Ed25519 '"
            + PREFIX
            + "' key must decode to 32 bytes (seed) or 64 bytes (seed and public key), was "
            + bytes.length);
  }

  /** A new random key pair; hand {@link #verifyingKey()} to receivers. */
  public static Ed25519SigningKey generate() {
    byte[][] pair = Ed25519.generate();
    return new Ed25519SigningKey(pair[0], new Ed25519VerifyingKey(pair[1]));
  }

  /** The public key receivers verify with, {@code whpk_<base64>}; not secret. */
  public Ed25519VerifyingKey verifyingKey() {
    Ed25519VerifyingKey key = verifyingKey;
    if (key == null) {
      // Derived on first use: signing, the common path, never needs it.
      key = new Ed25519VerifyingKey(Ed25519.derivePublicKey(seed));
      verifyingKey = key;
    }
    return key;
  }

  /**
   * The key in its {@code whsk_<base64 of the 32-byte seed>} text form, to store with a webhook.
   * Treat the result like a password.
   */
  public String asText() {
    return KeyText.encode(PREFIX, seed);
  }

  /** Always {@code v1a}. */
  @Override
  public String signatureVersion() {
    return VERSION;
  }

  /** {@code v1a,} + base64(Ed25519(id + "." + timestamp + "." + body)). */
  @Override
  public String sign(String webhookId, long timestampSeconds, byte[] body) {
    byte[] prefix = (webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
    return VERSION
        + ","
        + Base64.getEncoder().encodeToString(Ed25519.sign(privateKey, prefix, body));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519SigningKey other && MessageDigest.isEqual(seed, other.seed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(seed);
  }

  @Override
  public String toString() {
    return "Ed25519SigningKey[redacted]";
  }
}
