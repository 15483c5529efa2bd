package dev.webhookoutbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The least time between the starts of two intermediate POSTs (e.g. {@code output}, {@code logs};
 * see {@link EventTypes}) of one subject to one URL, as the receiver sees them. Give the same value
 * to both sides:
 *
 * <pre>{@code
 * OutboxOptions options = OutboxOptions.builder()
 *     .throttleWindow(ThrottleWindow.of(Duration.ofMillis(500)))     // the default
 *     .build();
 * WebhookOutbox outbox = WebhookOutbox.builder().options(options).build();
 * WebhookRunner runner = WebhookRunner.builder(dataSource).options(options).build();
 * }</pre>
 *
 * The outbox uses it at enqueue to plan when a new update is due and to fold updates into the one
 * that waits (latest state wins); the runner enforces it before each send, against the recorded
 * start of the subject's previous intermediate attempt, whichever runner made it. Terminal and
 * other events are never held for it.
 *
 * @param duration between 0 (updates go out as soon as possible, still folded while one waits) and
 *     1 hour
 */
public record ThrottleWindow(Duration duration) {

  private static final Duration MAX = Duration.ofHours(1);
  private static final ThrottleWindow DEFAULT = new ThrottleWindow(Duration.ofMillis(500));

  public ThrottleWindow {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          "throttle window must be between 0 and 1h, was " + duration);
    }
  }

  /** 500 ms, the pace prediction APIs promise for {@code output} and {@code logs} webhooks. */
  public static ThrottleWindow defaults() {
    return DEFAULT;
  }

  public static ThrottleWindow of(Duration duration) {
    return new ThrottleWindow(duration);
  }

  /** The earliest start of the next intermediate POST after one that started at {@code start}. */
  public Instant endAfter(Instant start) {
    return start.plus(duration);
  }
}
