package dev.webhookoutbox.retry;

import dev.webhookoutbox.EventKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The presets a runner knows by name, and the one it applies to deliveries stored without a preset.
 * The built-ins ({@link RetryPreset#builtIns()}) are always known; registering a preset with the
 * same name replaces one.
 *
 * <pre>{@code
 * RetryPresets presets = RetryPresets.builder()
 *     .defaultPreset(RetryPreset.THREE_RETRIES)      // rows without retry_preset
 *     .register(RetryPreset.of("patient", RetryPolicy.builder().maxAttempts(20).build()))
 *     .build();
 * }</pre>
 *
 * <p>A row naming a preset this runner does not know gets the default preset, with one warning per
 * name. Immutable and thread-safe.
 */
public final class RetryPresets {

  private static final Logger log = LoggerFactory.getLogger(RetryPresets.class);

  private final RetryPreset defaultPreset;
  private final Map<String, RetryPreset> byName;
  private final Set<String> warnedUnknown = ConcurrentHashMap.newKeySet();

  private RetryPresets(Builder b) {
    this.defaultPreset = b.defaultPreset;
    this.byName = Map.copyOf(b.byName);
  }

  /** Built-ins only, with {@link RetryPreset#DEFAULT} for rows without a preset. */
  public static RetryPresets defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these presets and this default. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.byName.putAll(byName);
    builder.defaultPreset = defaultPreset;
    return builder;
  }

  public RetryPreset defaultPreset() {
    return defaultPreset;
  }

  /** The preset named on a row; {@code null} or an unknown name gives the default preset. */
  public RetryPreset resolve(String name) {
    if (name == null) {
      return defaultPreset;
    }
    RetryPreset preset = byName.get(name);
    if (preset != null) {
      return preset;
    }
    if (warnedUnknown.add(name)) {
      log.warn(
          "Deliveries name the retry preset '{}', which this runner does not know; they get the"
              + " default preset '{}'. Register it with the runner to apply it.",
          name,
          defaultPreset.name());
    }
    return defaultPreset;
  }

  /** The policy for a delivery with this stored preset name and event kind. */
  public RetryPolicy policyFor(String presetName, EventKind kind) {
    return resolve(presetName).policyFor(kind);
  }

  /** Builds {@link RetryPresets}. */
  public static final class Builder {
    private RetryPreset defaultPreset = RetryPreset.DEFAULT;
    private final Map<String, RetryPreset> byName = new LinkedHashMap<>();

    private Builder() {
      RetryPreset.builtIns().forEach(this::register);
    }

    /**
     * The preset for rows stored without one. It is also known by its own name, except that the
     * name {@code default} always means this preset.
     */
    public Builder defaultPreset(RetryPreset preset) {
      this.defaultPreset = Objects.requireNonNull(preset, "preset");
      byName.putIfAbsent(preset.name(), preset);
      return this;
    }

    /** Makes a preset known by its name; replaces a built-in of the same name. */
    public Builder register(RetryPreset preset) {
      byName.put(preset.name(), Objects.requireNonNull(preset, "preset"));
      return this;
    }

    public RetryPresets build() {
      byName.put(RetryPreset.DEFAULT.name(), defaultPreset);
      return new RetryPresets(this);
    }
  }
}
