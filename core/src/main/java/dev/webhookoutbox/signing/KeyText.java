package dev.webhookoutbox.signing;

import dev.webhookoutbox.InvalidWebhookException;
import java.util.Base64;

/** Reads and writes the {@code <prefix><base64>} text form shared by all Standard Webhooks keys. */
final class KeyText {

  private KeyText() {}

  /**
   * Decodes the base64 part after {@code prefix}. Errors name the rule, never the text, because the
   * text is a secret.
   */
  static byte[] decode(String text, String prefix, String field) {
    if (text == null || !text.startsWith(prefix)) {
      throw new InvalidWebhookException(
          field, "must start with '" + prefix + "' followed by a base64 key");
    }
    try {
      // The basic decoder rejects whitespace and the URL-safe alphabet: a key that only decodes
      // after "fixing" it is refused rather than silently turned into different bytes.
      return Base64.getDecoder().decode(text.substring(prefix.length()));
    } catch (IllegalArgumentException e) {
      // No cause: the decoder's message quotes a character of the key.
      throw new InvalidWebhookException(
          field, "the part after '" + prefix + "' is not valid standard base64");
    }
  }

  static String encode(String prefix, byte[] key) {
    return prefix + Base64.getEncoder().encodeToString(key);
  }
}
