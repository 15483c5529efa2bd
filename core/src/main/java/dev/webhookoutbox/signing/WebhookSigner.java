package dev.webhookoutbox.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook the Standard Webhooks way: {@code v1,} + base64(HMAC-SHA256(key, id + "." +
 * timestamp + "." + body)). With several secrets (key rotation) the signatures are joined by
 * spaces, so a receiver holding any one of them can verify.
 *
 * <pre>{@code
 * String header = WebhookSigner.signatureHeader(
 *     "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, List.of(secret));
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

  /** The value of the {@code webhook-signature} header for these secrets. */
  public static String signatureHeader(
      String webhookId, long timestampSeconds, byte[] body, List<WebhookSecret> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one secret is needed to sign");
    }
    StringBuilder header = new StringBuilder(secrets.size() * 48);
    for (WebhookSecret secret : secrets) {
      if (header.length() > 0) {
        header.append(' ');
      }
      header.append("v1,").append(sign(webhookId, timestampSeconds, body, secret));
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
