package dev.webhookoutbox.signing;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link WebhookVerifier} proved about a received webhook.
 *
 * @param id the {@code webhook-id}: the same on every retry of one event, so use it to dedupe
 * @param timestamp the {@code webhook-timestamp} of this attempt
 * @param signatureVersion which kind of signature matched: {@code v1} or {@code v1a}
 */
public record VerifiedWebhook(String id, Instant timestamp, String signatureVersion) {

  public VerifiedWebhook {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(signatureVersion, "signatureVersion");
  }
}
