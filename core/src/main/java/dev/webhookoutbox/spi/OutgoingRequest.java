package dev.webhookoutbox.spi;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One signed POST, ready for a {@link WebhookSender}.
 *
 * @param deliveryId the delivery this attempt belongs to
 * @param url the target
 * @param headers header names (lower case) and values, in the order they should be sent
 * @param body the exact bytes to send; the signature covers these bytes
 */
public record OutgoingRequest(UUID deliveryId, URI url, Map<String, String> headers, byte[] body) {

  public OutgoingRequest {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(url, "url");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body's length without copying it. */
  public int bodyLength() {
    return body.length;
  }

  /** Lets a sender stream the body without a copy; callers must not modify the array. */
  public byte[] bodyUnsafe() {
    return body;
  }

  @Override
  public String toString() {
    return "OutgoingRequest[deliveryId=" + deliveryId + ", url=" + url + "]";
  }
}
