package dev.webhookoutbox.internal.send;

import dev.webhookoutbox.internal.LibraryVersion;
import dev.webhookoutbox.signing.SigningKey;
import dev.webhookoutbox.signing.WebhookSigner;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.OutgoingRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a claimed delivery into the exact bytes and headers of one signed attempt. */
public final class RequestFactory {

  static final String USER_AGENT = "webhook-outbox/" + LibraryVersion.get();

  private RequestFactory() {}

  public static OutgoingRequest build(ClaimedDelivery delivery, Instant attemptTime) {
    byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
    String webhookId = delivery.id().toString();
    long timestamp = attemptTime.getEpochSecond();
    Map<String, String> headers = new LinkedHashMap<>(delivery.headers());
    headers.put("content-type", "application/json");
    headers.put("user-agent", USER_AGENT);
    headers.put(WebhookSigner.HEADER_ID, webhookId);
    headers.put(WebhookSigner.HEADER_TIMESTAMP, Long.toString(timestamp));
    if (!delivery.signingSecrets().isEmpty()) {
      List<SigningKey> keys = delivery.signingSecrets().stream().map(SigningKey::parse).toList();
      headers.put(
          WebhookSigner.HEADER_SIGNATURE,
          WebhookSigner.signatureHeader(webhookId, timestamp, body, keys));
    }
    return new OutgoingRequest(delivery.id(), URI.create(delivery.url()), headers, body);
  }
}
