package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.signing.SecretCipher;
import dev.webhookoutbox.signing.SecretCipherException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How signing keys are stored in {@code webhook_delivery.signing_secrets}: space-separated, the
 * same separator the signature header uses, since {@code whsec_} and {@code whsk_} keys never
 * contain one. With a {@link SecretCipher} the joined text is encrypted as one {@code enc:v1:}
 * value; without one it is stored as given.
 */
final class SecretColumn {

  private static final Logger log = LoggerFactory.getLogger(SecretColumn.class);

  private SecretColumn() {}

  /**
   * @param cipher encrypts the column, or {@code null} to store the keys as given
   */
  static String encode(List<String> secrets, SecretCipher cipher) {
    if (secrets.isEmpty()) {
      return null;
    }
    String joined = String.join(" ", secrets);
    return cipher == null ? joined : cipher.encrypt(joined);
  }

  /**
   * Plaintext columns read with or without a cipher, so encryption can be switched on for an
   * existing table. An encrypted column that cannot be decrypted here is passed on as it is: the
   * attempt then fails with a message saying to configure the key, and the other rows of the claim
   * are still sent.
   *
   * @param cipher decrypts {@code enc:} columns, or {@code null} if none is configured
   */
  static List<String> decode(String column, SecretCipher cipher, UUID deliveryId) {
    if (column == null || column.isBlank()) {
      return List.of();
    }
    String text = column.trim();
    if (SecretCipher.isEncrypted(text)) {
      if (cipher == null) {
        log.warn(
            "Signing keys of delivery {} are encrypted but this store has no SecretCipher;"
                + " it cannot be signed",
            deliveryId);
        return List.of(text);
      }
      try {
        text = cipher.decrypt(text);
      } catch (SecretCipherException e) {
        log.warn("Signing keys of delivery {} cannot be decrypted: {}", deliveryId, e.getMessage());
        return List.of(column.trim());
      }
    }
    return Arrays.asList(text.split(" +"));
  }
}
