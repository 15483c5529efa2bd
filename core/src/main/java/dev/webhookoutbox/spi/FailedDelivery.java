package dev.webhookoutbox.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A delivery that failed for good, as passed to a {@link DeliveryFailureListener}. Signing keys are
 * not included.
 *
 * @param id the delivery id ({@code webhook-id})
 * @param url the target URL
 * @param eventType the event name
 * @param subject the subject key, e.g. the prediction id, or {@code null}
 * @param payload the JSON body that could not be delivered
 * @param attempts how many attempts were made
 * @param lastStatusCode the last HTTP status, or {@code null} if the last attempt got none
 * @param lastError why it failed, e.g. {@code gave up after 8 attempts, last: HTTP 503}; {@code
 *     POISONED: …} for a delivery failed because its claims kept ending without an attempt outcome
 *     (each runner holding it died or hung), see {@link OutboxStore#releaseExpiredLeases}
 * @param createdAt when it was enqueued
 * @param failedAt when it was marked failed
 */
public record FailedDelivery(
    UUID id,
    String url,
    String eventType,
    String subject,
    String payload,
    int attempts,
    Integer lastStatusCode,
    String lastError,
    Instant createdAt,
    Instant failedAt) {

  public FailedDelivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(failedAt, "failedAt");
  }

  @Override
  public String toString() {
    return "FailedDelivery[id="
        + id
        + ", url="
        + url
        + ", eventType="
        + eventType
        + ", subject="
        + subject
        + ", attempts="
        + attempts
        + ", lastError="
        + lastError
        + "]";
  }
}
