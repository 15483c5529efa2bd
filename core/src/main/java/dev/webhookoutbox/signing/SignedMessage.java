package dev.webhookoutbox.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** One received message, checked signature by signature against every key of a verifier. */
final class SignedMessage {
  private final List<VerificationKey> keys;
  private final String id;
  private final long timestamp;
  private final byte[] body;
  private List<byte[]> expectedV1;

  SignedMessage(List<VerificationKey> keys, String id, long timestamp, byte[] body) {
    this.keys = keys;
    this.id = id;
    this.timestamp = timestamp;
    this.body = body;
  }

  /** Whether this versioned signature from the header matches one of the keys. */
  boolean matches(String version, String signature) {
    if (version.equals(WebhookSecret.VERSION)) {
      // Comparing the base64 text like the reference libraries do; constant time, so the time
      // taken does not reveal how much of a forged signature was right.
      byte[] candidate = signature.getBytes(StandardCharsets.US_ASCII);
      for (byte[] expected : expectedV1()) {
        if (MessageDigest.isEqual(expected, candidate)) {
          return true;
        }
      }
    } else if (version.equals(Ed25519SigningKey.VERSION)) {
      byte[] decoded = decodeOrNull(signature);
      if (decoded == null) {
        return false;
      }
      byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
      for (VerificationKey key : keys) {
        if (key instanceof Ed25519VerifyingKey publicKey
            && publicKey.verifies(prefix, body, decoded)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The base64 HMAC under each secret, computed once however many v1 entries there are. */
  private List<byte[]> expectedV1() {
    if (expectedV1 == null) {
      expectedV1 = new ArrayList<>();
      for (VerificationKey key : keys) {
        if (key instanceof WebhookSecret secret) {
          expectedV1.add(
              WebhookSigner.sign(id, timestamp, body, secret).getBytes(StandardCharsets.US_ASCII));
        }
      }
    }
    return expectedV1;
  }

  private static byte[] decodeOrNull(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
