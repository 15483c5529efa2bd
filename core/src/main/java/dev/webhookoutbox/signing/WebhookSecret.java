package dev.webhookoutbox.signing;

import dev.webhookoutbox.InvalidWebhookException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A symmetric signing secret in the Standard Webhooks form {@code whsec_<base64 key>}.
 *
 * <p>Rule for other forms: a secret without the {@code whsec_} prefix is rejected, never guessed
 * at, because signing with bytes the receiver does not expect fails every delivery silently. Keys
 * must decode to between 24 and 64 bytes, as the specification requires.
 */
public final class WebhookSecret {

  static final String PREFIX = "whsec_";
  private static final int MIN_KEY_BYTES = 24;
  private static final int MAX_KEY_BYTES = 64;

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
    if (secret == null || !secret.startsWith(PREFIX)) {
      throw new InvalidWebhookException(
          "signingSecret", "must start with '" + PREFIX + "' followed by a base64 key");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new InvalidWebhookException(
          "signingSecret", "the part after '" + PREFIX + "' is not valid base64");
    }
    if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
      throw new InvalidWebhookException(
          "signingSecret",
          "key must decode to "
              + MIN_KEY_BYTES
              + " to "
              + MAX_KEY_BYTES
              + " bytes, was "
              + key.length);
    }
    return new WebhookSecret(key);
  }

  /** A copy of the raw key bytes. */
  public byte[] keyBytes() {
    return key.clone();
  }

  byte[] keyBytesUnsafe() {
    return key;
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
