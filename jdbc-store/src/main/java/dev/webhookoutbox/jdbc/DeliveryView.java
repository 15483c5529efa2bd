package dev.webhookoutbox.jdbc;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of the {@code webhook_delivery_overview} view: a delivery with its latest attempt. Never
 * carries signing keys or extra headers.
 *
 * @param id the delivery id ({@code webhook-id})
 * @param subject the subject key, or {@code null}
 * @param eventType the event name
 * @param url the target URL as enqueued
 * @param urlOrigin {@code scheme://host[:port]} of the URL, lower case
 * @param status {@code PENDING}, {@code IN_FLIGHT}, {@code DELIVERED} or {@code FAILED}
 * @param attemptCount attempts recorded
 * @param createdAt when it was enqueued
 * @param nextAttemptAt when it is due (for a final status: when it was last attempted)
 * @param completedAt when it reached a final status, or {@code null}
 * @param lastStatusCode the HTTP status of the latest attempt, or {@code null}
 * @param lastError why the latest attempt did not deliver, or {@code null}
 * @param lastAttemptAt when the latest attempt started, or {@code null}
 * @param lastDurationMs how long the latest attempt took, or {@code null}
 */
public record DeliveryView(
    UUID id,
    String subject,
    String eventType,
    String url,
    String urlOrigin,
    String status,
    int attemptCount,
    Instant createdAt,
    Instant nextAttemptAt,
    Instant completedAt,
    Integer lastStatusCode,
    String lastError,
    Instant lastAttemptAt,
    Integer lastDurationMs) {

  public DeliveryView {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
  }
}
