package dev.webhookoutbox.spi;

import dev.webhookoutbox.EventKind;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A due delivery that a runner has claimed (status {@code IN_FLIGHT}, leased to it).
 *
 * @param id the delivery id, also sent as {@code webhook-id} on every attempt
 * @param url the target URL exactly as enqueued
 * @param eventType the event name
 * @param subject the subject key, or {@code null}
 * @param payload the JSON body
 * @param signingSecrets the secrets to sign with; empty means unsigned
 * @param attemptsMade how many attempts were recorded before this claim
 * @param createdAt when the delivery was enqueued
 * @param headers extra headers to send, as enqueued
 * @param eventKind how the enqueuing app classified the event
 * @param retryPreset the retry preset named at enqueue, or {@code null} for the runner's default
 * @param mayHaveSubjectNeighbours whether other deliveries of the same subject existed at claim
 *     time; when not, the ordering rules have nothing to check and cost no query
 */
public record ClaimedDelivery(
    UUID id,
    String url,
    String eventType,
    String subject,
    String payload,
    List<String> signingSecrets,
    int attemptsMade,
    Instant createdAt,
    Map<String, String> headers,
    EventKind eventKind,
    String retryPreset,
    boolean mayHaveSubjectNeighbours) {

  public ClaimedDelivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(createdAt, "createdAt");
    signingSecrets = List.copyOf(signingSecrets == null ? List.of() : signingSecrets);
    headers =
        Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
    eventKind = eventKind == null ? EventKind.OTHER : eventKind;
  }

  /** A delivery whose subject may have other deliveries, so the ordering rules must look. */
  public ClaimedDelivery(
      UUID id,
      String url,
      String eventType,
      String subject,
      String payload,
      List<String> signingSecrets,
      int attemptsMade,
      Instant createdAt,
      Map<String, String> headers,
      EventKind eventKind,
      String retryPreset) {
    this(
        id,
        url,
        eventType,
        subject,
        payload,
        signingSecrets,
        attemptsMade,
        createdAt,
        headers,
        eventKind,
        retryPreset,
        subject != null);
  }

  /** A delivery of kind {@link EventKind#OTHER} with the runner's default retry preset. */
  public ClaimedDelivery(
      UUID id,
      String url,
      String eventType,
      String subject,
      String payload,
      List<String> signingSecrets,
      int attemptsMade,
      Instant createdAt,
      Map<String, String> headers) {
    this(
        id,
        url,
        eventType,
        subject,
        payload,
        signingSecrets,
        attemptsMade,
        createdAt,
        headers,
        EventKind.OTHER,
        null);
  }

  /** The number of the attempt that is about to be made, starting at 1. */
  public int nextAttemptNumber() {
    return attemptsMade + 1;
  }

  @Override
  public String toString() {
    return "ClaimedDelivery[id=" + id + ", url=" + url + ", attemptsMade=" + attemptsMade + "]";
  }
}
