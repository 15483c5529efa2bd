package dev.webhookoutbox.retry;

import dev.webhookoutbox.EventKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A named retry schedule that a host picks per webhook ({@code
 * WebhookRequest.Builder.retryPreset("terminal-only")}, stored on the row) or for every delivery
 * (the runner's default). A preset may treat intermediate, terminal and other events differently.
 *
 * <p>The built-in presets, with their nominal schedules (every attempt failing at once; each delay
 * is spread by the stated jitter, and a {@code Retry-After} may push it later):
 *
 * <table>
 *   <caption>Built-in presets</caption>
 *   <tr><th>name</th><th>attempts after the event</th><th>retried</th></tr>
 *   <tr><td>{@code default}</td><td>0, 10 s, 40 s, 2 min 10 s, 6 min 40 s, 20 min 10 s, 1 h 0 min
 *       40 s, 2 h 0 min 40 s (10 s × 3ⁿ capped at 1 h, ±20 %, at most 3 days)</td>
 *       <td>408, 429, 5xx, network errors</td></tr>
 *   <tr><td>{@code terminal-only}</td><td>terminal events: 0, 5 s, 15 s, 30 s, 60 s (±10 %);
 *       intermediate and other events: 0 only</td><td>terminal events: any failure but 410</td></tr>
 *   <tr><td>{@code three-retries}</td><td>0, 10 s, 40 s, 2 min 10 s (10 s × 3ⁿ, ±20 %)</td>
 *       <td>408, 429, 5xx, network errors</td></tr>
 *   <tr><td>{@code day-long}</td><td>0, 5 s, 5 min 5 s, 35 min 5 s, 2 h 35 min 5 s, 7 h 35 min
 *       5 s, 15 h 35 min 5 s, 23 h 35 min 5 s (±10 %)</td><td>408, 429, 5xx, network
 *       errors</td></tr>
 * </table>
 *
 * <pre>{@code
 * RetryPreset fastFail = RetryPreset.of("fast-fail", RetryPolicy.builder().maxAttempts(2).build());
 * OutboxOptions options = OutboxOptions.builder().registerRetryPreset(fastFail).build();
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class RetryPreset {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");
  private static final RetryPolicy ONE_ATTEMPT = RetryPolicy.builder().maxAttempts(1).build();

  /** The library's default policy for every event: see {@link RetryPolicy#builder()}. */
  public static final RetryPreset DEFAULT = of("default", RetryPolicy.builder().build());

  /**
   * Intermediate and other events are tried once; terminal events are retried on any failure except
   * {@code 410 Gone}, the last retry about one minute after the event: 5 s, 10 s, 15 s and 30 s
   * apart, ±10 %. {@code Retry-After} is honoured up to 30 s, and nothing is tried later than 3
   * minutes after the event.
   */
  public static final RetryPreset TERMINAL_ONLY =
      new RetryPreset(
          "terminal-only",
          ONE_ATTEMPT,
          RetryPolicy.builder()
              .delays(
                  Duration.ofSeconds(5),
                  Duration.ofSeconds(10),
                  Duration.ofSeconds(15),
                  Duration.ofSeconds(30))
              .jitter(0.1)
              .retryAnyStatus()
              .maxRetryAfter(Duration.ofSeconds(30))
              .maxAge(Duration.ofMinutes(3))
              .build(),
          ONE_ATTEMPT);

  /**
   * Three retries with exponential backoff: 10 s, 30 s and 90 s after the failed attempts, ±20 %,
   * for 408, 429, 5xx and network errors; nothing later than one hour after the event.
   */
  public static final RetryPreset THREE_RETRIES =
      of(
          "three-retries",
          RetryPolicy.builder()
              .maxAttempts(4)
              .initialDelay(Duration.ofSeconds(10))
              .multiplier(3)
              .maxDelay(Duration.ofMinutes(2))
              .jitter(0.2)
              .maxAge(Duration.ofHours(1))
              .build());

  /**
   * Attempts spread over about a day, as the big webhook services do: 5 s, 5 min, 30 min, 2 h, 5 h,
   * 8 h and 8 h apart (the last attempt about 23 h 35 min after the event), ±10 %, for 408, 429,
   * 5xx and network errors. {@code Retry-After} is honoured up to 8 h.
   */
  public static final RetryPreset DAY_LONG =
      of(
          "day-long",
          RetryPolicy.builder()
              .delays(
                  Duration.ofSeconds(5),
                  Duration.ofMinutes(5),
                  Duration.ofMinutes(30),
                  Duration.ofHours(2),
                  Duration.ofHours(5),
                  Duration.ofHours(8),
                  Duration.ofHours(8))
              .jitter(0.1)
              .maxRetryAfter(Duration.ofHours(8))
              .maxAge(Duration.ofDays(2))
              .build());

  private final String name;
  private final Map<EventKind, RetryPolicy> policies = new EnumMap<>(EventKind.class);

  private RetryPreset(
      String name, RetryPolicy intermediate, RetryPolicy terminal, RetryPolicy other) {
    this.name = requireName(name);
    policies.put(EventKind.INTERMEDIATE, Objects.requireNonNull(intermediate, "intermediate"));
    policies.put(EventKind.TERMINAL, Objects.requireNonNull(terminal, "terminal"));
    policies.put(EventKind.OTHER, Objects.requireNonNull(other, "other"));
  }

  /** A preset that applies one policy to every event. */
  public static RetryPreset of(String name, RetryPolicy policy) {
    return new RetryPreset(name, policy, policy, policy);
  }

  /** A preset with a policy per {@link EventKind}. */
  public static RetryPreset of(
      String name, RetryPolicy intermediate, RetryPolicy terminal, RetryPolicy other) {
    return new RetryPreset(name, intermediate, terminal, other);
  }

  /** The presets that every runner knows by name. */
  public static List<RetryPreset> builtIns() {
    return List.of(DEFAULT, TERMINAL_ONLY, THREE_RETRIES, DAY_LONG);
  }

  /** The name stored in {@code webhook_delivery.retry_preset}. */
  public String name() {
    return name;
  }

  public RetryPolicy policyFor(EventKind kind) {
    return policies.get(Objects.requireNonNull(kind, "kind"));
  }

  /** The same schedules with another jitter source, e.g. a fixed one to test a schedule. */
  public RetryPreset withRandom(RandomGenerator random) {
    return new RetryPreset(
        name,
        RetryPolicy.from(policies.get(EventKind.INTERMEDIATE)).random(random).build(),
        RetryPolicy.from(policies.get(EventKind.TERMINAL)).random(random).build(),
        RetryPolicy.from(policies.get(EventKind.OTHER)).random(random).build());
  }

  @Override
  public String toString() {
    return "RetryPreset[" + name + ", " + policies + "]";
  }

  private static String requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "preset name must be 1 to 40 lower-case letters, digits and . _ -, was '" + name + "'");
    }
    return name;
  }
}
