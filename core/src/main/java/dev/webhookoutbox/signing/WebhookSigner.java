package dev.webhookoutbox.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook the Standard Webhooks way: {@code v1,} + base64(HMAC-SHA256(key, id + "." +
 * timestamp + "." + body)) for a {@link WebhookSecret}, {@code v1a,} + base64(Ed25519(...)) for an
 * {@link Ed25519SigningKey}. With several keys (rotation, or a mix of both kinds) the signatures
 * are joined by spaces, so a receiver holding any one of the keys can verify.
 *
 * <pre>{@code
 * String header = WebhookSigner.signatureHeader(
 *     "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, List.of(SigningKey.parse(secret)));
 * }</pre>
 */
public final class WebhookSigner {

  public static final String HEADER_ID = "webhook-id";
  public static final String HEADER_TIMESTAMP = "webhook-timestamp";
  public static final String HEADER_SIGNATURE = "webhook-signature";

  private static final ThreadLocal<Mac> HMAC_SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("this JVM has no HmacSHA256", e);
            }
          });

  private WebhookSigner() {}

  /** The value of the {@code webhook-signature} header for these keys, in their order. */
  public static String signatureHeader(
      String webhookId, long timestampSeconds, byte[] body, List<? extends SigningKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one key is needed to sign");
    }
    StringBuilder header = new StringBuilder(keys.size() * 92);
    for (SigningKey key : keys) {
      if (header.length() > 0) {
        header.append(' ');
      }
      header.append(key.sign(webhookId, timestampSeconds, body));
    }
    return header.toString();
  }

  /** The base64 signature of one message under one secret, without the {@code v1,} prefix. */
  public static String sign(
      String webhookId, long timestampSeconds, byte[] body, WebhookSecret secret) {
    Mac mac = HMAC_SHA256.get();
    try {
      mac.init(new SecretKeySpec(secret.keyBytesUnsafe(), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot initialise HmacSHA256", e);
    }
    mac.update((webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(mac.doFinal(body));
  }
}
