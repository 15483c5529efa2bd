package dev.webhookoutbox;

import dev.webhookoutbox.retry.RetryPreset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One webhook to record in the outbox: where to POST, what to sign it with, and the JSON body to
 * send byte for byte.
 *
 * <pre>{@code
 * WebhookRequest request = WebhookRequest.builder("https://example.com/hooks?team=7", "completed")
 *     .subject("prediction-42")
 *     .signingSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
 *     .payload("{\"id\":\"prediction-42\",\"status\":\"succeeded\"}")
 *     .build();
 * }</pre>
 *
 * <p>This record only checks presence; the enqueueing outbox validates limits (URL form, JSON
 * well-formedness, sizes) and throws {@link InvalidWebhookException} before writing anything.
 *
 * @param url the target URL as given by the customer; its query parameters are kept
 * @param eventType the event name, e.g. {@code start}, {@code output}, {@code completed}
 * @param subject optional key of the thing the event is about, e.g. a prediction id
 * @param payload the JSON body, sent exactly as given, encoded as UTF-8 (so it must be valid
 *     Unicode: a lone surrogate is refused)
 * @param signingSecrets zero or more keys, {@code whsec_} (HMAC, {@code v1}) or {@code whsk_}
 *     (Ed25519, {@code v1a}), each signing every attempt; none means the POST is unsigned
 * @param dedupeKey optional idempotency key; a second enqueue with the same key writes nothing
 * @param headers extra HTTP headers to send, in order; they may not replace the headers the library
 *     sets (signature, id, timestamp, content type, host)
 * @param eventFilter the event types this webhook wants; an event outside it is not recorded at
 *     all. Empty means every event.
 * @param retryPreset the name of the {@link dev.webhookoutbox.retry.RetryPreset} the runner applies
 *     to this delivery, or {@code null} for the runner's default
 * @param strictOrder whether this delivery waits until every older delivery of its subject to the
 *     same URL is final (delivered, failed or superseded), instead of only the ones in flight
 */
public record WebhookRequest(
    String url,
    String eventType,
    String subject,
    String payload,
    List<String> signingSecrets,
    String dedupeKey,
    Map<String, String> headers,
    Set<String> eventFilter,
    String retryPreset,
    boolean strictOrder) {

  public WebhookRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(payload, "payload");
    signingSecrets = List.copyOf(signingSecrets == null ? List.of() : signingSecrets);
    headers =
        Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
    eventFilter = Set.copyOf(eventFilter == null ? Set.of() : eventFilter);
  }

  /** A request with no event filter, the runner's default retry preset and subject ordering. */
  public WebhookRequest(
      String url,
      String eventType,
      String subject,
      String payload,
      List<String> signingSecrets,
      String dedupeKey,
      Map<String, String> headers) {
    this(url, eventType, subject, payload, signingSecrets, dedupeKey, headers, null, null, false);
  }

  public static Builder builder(String url, String eventType) {
    return new Builder(url, eventType);
  }

  /** Whether the event filter lets this request's event through; no filter lets every event. */
  public boolean passesEventFilter() {
    return eventFilter.isEmpty() || eventFilter.contains(eventType);
  }

  /** Secrets are left out so that requests can be logged safely. */
  @Override
  public String toString() {
    return "WebhookRequest[url="
        + url
        + ", eventType="
        + eventType
        + ", subject="
        + subject
        + ", payloadLength="
        + payload.length()
        + ", signingSecrets="
        + signingSecrets.size()
        + ", dedupeKey="
        + dedupeKey
        + ", headers="
        + headers.keySet()
        + ", eventFilter="
        + eventFilter
        + ", retryPreset="
        + retryPreset
        + ", strictOrder="
        + strictOrder
        + "]";
  }

  /** Builds a {@link WebhookRequest}; {@link #payload(String)} is required. */
  public static final class Builder {
    private final String url;
    private final String eventType;
    private String subject;
    private String payload;
    private final List<String> signingSecrets = new ArrayList<>();
    private String dedupeKey;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Set<String> eventFilter = Set.of();
    private String retryPreset;
    private boolean strictOrder;

    private Builder(String url, String eventType) {
      this.url = Objects.requireNonNull(url, "url");
      this.eventType = Objects.requireNonNull(eventType, "eventType");
    }

    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    public Builder payload(String json) {
      this.payload = Objects.requireNonNull(json, "payload");
      return this;
    }

    /**
     * Adds a signing key, {@code whsec_...} or {@code whsk_...}; call again to sign with several
     * during a key rotation.
     */
    public Builder signingSecret(String secret) {
      this.signingSecrets.add(Objects.requireNonNull(secret, "secret"));
      return this;
    }

    public Builder dedupeKey(String dedupeKey) {
      this.dedupeKey = dedupeKey;
      return this;
    }

    /** Adds an extra header sent with every attempt, e.g. a customer-chosen token. */
    public Builder header(String name, String value) {
      this.headers.put(
          Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Limits the events this webhook receives, e.g. {@code Set.of("start", "completed")}: an
     * enqueue of any other event type records nothing and returns {@code null}. Without a filter
     * every event is recorded.
     *
     * @throws IllegalArgumentException if {@code events} is empty: omit the filter to receive all
     */
    public Builder eventFilter(Collection<String> events) {
      if (events.isEmpty()) {
        throw new IllegalArgumentException(
            "eventFilter must name at least one event type; omit it to receive every event");
      }
      this.eventFilter = Set.copyOf(events);
      return this;
    }

    /** The same as {@link #eventFilter(Collection)}. */
    public Builder eventFilter(String... events) {
      return eventFilter(List.of(events));
    }

    /**
     * The retry schedule the runner applies to this delivery, by name: a built-in {@link
     * dev.webhookoutbox.retry.RetryPreset} ({@code terminal-only}, {@code three-retries}, {@code
     * day-long}, {@code default}) or one registered with the runner. Stored on the row.
     */
    public Builder retryPreset(String presetName) {
      this.retryPreset = Objects.requireNonNull(presetName, "presetName");
      return this;
    }

    /** The same as {@link #retryPreset(String)} with the preset's name. */
    public Builder retryPreset(RetryPreset preset) {
      return retryPreset(preset.name());
    }

    /**
     * Sends this delivery only after every older delivery of its subject to the same URL is final,
     * so that the receiver sees every event in order; a failing older delivery then holds this one
     * back until it succeeds or gives up. Without it (the default) older states that were overtaken
     * are superseded instead of being sent late.
     */
    public Builder strictOrder() {
      this.strictOrder = true;
      return this;
    }

    public WebhookRequest build() {
      if (payload == null) {
        throw new IllegalStateException("payload is required: call payload(json) before build()");
      }
      return new WebhookRequest(
          url,
          eventType,
          subject,
          payload,
          signingSecrets,
          dedupeKey,
          headers,
          eventFilter,
          retryPreset,
          strictOrder);
    }
  }
}
