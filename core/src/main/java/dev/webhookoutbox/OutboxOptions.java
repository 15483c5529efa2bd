package dev.webhookoutbox;

import dev.webhookoutbox.retry.RetryPolicy;
import dev.webhookoutbox.retry.RetryPreset;
import dev.webhookoutbox.retry.RetryPresets;
import dev.webhookoutbox.signing.SecretCipher;
import dev.webhookoutbox.validation.RequestValidator;
import dev.webhookoutbox.validation.UrlPolicy;
import java.util.Objects;

/**
 * What the enqueuing side and the runners must agree on, in one value given to both: build it once
 * and pass it to {@code WebhookOutbox.builder().options(o)} and {@code
 * WebhookRunner.builder(...).options(o)}.
 *
 * <pre>{@code
 * OutboxOptions options = OutboxOptions.builder()
 *     .urlPolicy(UrlPolicy.strict())                        // the default
 *     .secretCipher(SecretCipher.fromBase64Key(key))       // signing keys encrypted at rest
 *     .defaultRetryPreset(RetryPreset.TERMINAL_ONLY)       // rows enqueued without a preset
 *     .build();
 * WebhookOutbox outbox = WebhookOutbox.builder().options(options).build();
 * WebhookRunner runner = WebhookRunner.builder(dataSource).options(options).build();
 * }</pre>
 *
 * @param urlPolicy which receiver URLs are allowed: checked at enqueue without DNS, and again by
 *     the runner's sender, which resolves each host and checks every address
 * @param eventTypes which event types are intermediate (throttled and coalesced per subject) and
 *     which terminal; used at enqueue, and stored on each row
 * @param throttleWindow the least time between two intermediate POSTs of one subject to one URL:
 *     planned at enqueue, enforced by the runner before each send
 * @param retryPresets the retry presets known by name, and the default one, which the runner
 *     applies to every delivery enqueued without a preset (the row's {@code retry_preset} stays
 *     empty, so changing the default changes it for every waiting delivery that names none)
 * @param secretCipher encrypts signing keys at enqueue and decrypts them in the runner's JDBC
 *     store; {@code null} (the default) stores them as given
 * @param maxPayloadBytes the largest JSON body accepted at enqueue, in UTF-8 bytes; at least 2
 */
public record OutboxOptions(
    UrlPolicy urlPolicy,
    EventTypes eventTypes,
    ThrottleWindow throttleWindow,
    RetryPresets retryPresets,
    SecretCipher secretCipher,
    int maxPayloadBytes) {

  private static final OutboxOptions DEFAULTS = builder().build();

  public OutboxOptions {
    Objects.requireNonNull(urlPolicy, "urlPolicy");
    Objects.requireNonNull(eventTypes, "eventTypes");
    Objects.requireNonNull(throttleWindow, "throttleWindow");
    Objects.requireNonNull(retryPresets, "retryPresets");
    if (maxPayloadBytes < 2) {
      throw new IllegalArgumentException(
          "maxPayloadBytes must be at least 2, was " + maxPayloadBytes);
    }
  }

  /**
   * The strict URL policy, the default event types and throttle window (500 ms), the built-in retry
   * presets with {@link RetryPreset#DEFAULT} as the default, no secret cipher, bodies up to 256
   * KiB.
   */
  public static OutboxOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these options, e.g. to derive a variant. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.urlPolicy = urlPolicy;
    builder.eventTypes = eventTypes;
    builder.throttleWindow = throttleWindow;
    builder.retryPresets = retryPresets.toBuilder();
    builder.secretCipher = secretCipher;
    builder.maxPayloadBytes = maxPayloadBytes;
    return builder;
  }

  /** Builds {@link OutboxOptions}; every option has a default. */
  public static final class Builder {
    private UrlPolicy urlPolicy = UrlPolicy.strict();
    private EventTypes eventTypes = EventTypes.defaults();
    private ThrottleWindow throttleWindow = ThrottleWindow.defaults();
    private RetryPresets.Builder retryPresets = RetryPresets.builder();
    private SecretCipher secretCipher;
    private int maxPayloadBytes = RequestValidator.DEFAULT_MAX_PAYLOAD_BYTES;

    private Builder() {}

    /**
     * Which receiver URLs may be enqueued and called; default {@link UrlPolicy#strict()} (https
     * only, no private or loopback hosts). For receivers on loopback: {@code
     * UrlPolicy.builder().allowPlainHttp(true).allowLoopback().build()}.
     */
    public Builder urlPolicy(UrlPolicy urlPolicy) {
      this.urlPolicy = Objects.requireNonNull(urlPolicy, "urlPolicy");
      return this;
    }

    /**
     * Which event types are intermediate and which terminal; default {@code output} and {@code
     * logs}, and {@code completed}.
     */
    public Builder eventTypes(EventTypes eventTypes) {
      this.eventTypes = Objects.requireNonNull(eventTypes, "eventTypes");
      return this;
    }

    /** The least time between two intermediate POSTs of one subject to one URL; default 500 ms. */
    public Builder throttleWindow(ThrottleWindow throttleWindow) {
      this.throttleWindow = Objects.requireNonNull(throttleWindow, "throttleWindow");
      return this;
    }

    /**
     * The preset the runner applies to deliveries enqueued without one, e.g. {@link
     * RetryPreset#TERMINAL_ONLY}; default {@link RetryPreset#DEFAULT}.
     */
    public Builder defaultRetryPreset(RetryPreset preset) {
      retryPresets.defaultPreset(Objects.requireNonNull(preset, "preset"));
      return this;
    }

    /**
     * The policy for deliveries enqueued without a preset: the same as {@link #defaultRetryPreset}
     * with a preset named {@code default}.
     */
    public Builder retryPolicy(RetryPolicy policy) {
      return defaultRetryPreset(
          RetryPreset.of(RetryPreset.DEFAULT.name(), Objects.requireNonNull(policy, "policy")));
    }

    /** Makes a custom preset known by its name, for requests that name it ({@code retryPreset}). */
    public Builder registerRetryPreset(RetryPreset preset) {
      retryPresets.register(Objects.requireNonNull(preset, "preset"));
      return this;
    }

    /** Replaces the known presets and the default with {@code presets}. */
    public Builder retryPresets(RetryPresets presets) {
      this.retryPresets = Objects.requireNonNull(presets, "presets").toBuilder();
      return this;
    }

    /**
     * Encrypts the signing keys of every delivery before it is written (AES-256-GCM, see {@link
     * SecretCipher}), and lets the runner's JDBC store decrypt them. Without one (the default) keys
     * are stored as given, and {@code webhook_delivery.signing_secrets} is then as sensitive as a
     * password column. Rows written before a cipher was set stay readable.
     */
    public Builder secretCipher(SecretCipher cipher) {
      this.secretCipher = Objects.requireNonNull(cipher, "cipher");
      return this;
    }

    /** The largest JSON body accepted, in UTF-8 bytes, at least 2; default 256 KiB. */
    public Builder maxPayloadBytes(int maxPayloadBytes) {
      this.maxPayloadBytes = maxPayloadBytes;
      return this;
    }

    /**
     * @throws IllegalArgumentException if a value is out of range
     */
    public OutboxOptions build() {
      return new OutboxOptions(
          urlPolicy,
          eventTypes,
          throttleWindow,
          retryPresets.build(),
          secretCipher,
          maxPayloadBytes);
    }
  }
}
