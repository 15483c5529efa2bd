package dev.webhookoutbox;

import java.util.Objects;
import java.util.Set;

/**
 * Which event names are intermediate updates and which are terminal, for the prediction-API style
 * of webhooks: {@code start}, then many {@code output} and {@code logs} updates, then one {@code
 * completed}.
 *
 * <pre>{@code
 * EventTypes types = EventTypes.of(Set.of("output", "logs", "progress"), Set.of("completed"));
 * }</pre>
 *
 * @param intermediate names whose updates are throttled and coalesced per subject
 * @param terminal names that end a subject's history
 */
public record EventTypes(Set<String> intermediate, Set<String> terminal) {

  private static final EventTypes DEFAULTS =
      new EventTypes(Set.of("output", "logs"), Set.of("completed"));

  public EventTypes {
    intermediate = Set.copyOf(Objects.requireNonNull(intermediate, "intermediate"));
    terminal = Set.copyOf(Objects.requireNonNull(terminal, "terminal"));
    for (String name : intermediate) {
      if (terminal.contains(name)) {
        throw new IllegalArgumentException(
            "event type '" + name + "' cannot be both intermediate and terminal");
      }
    }
  }

  /** {@code output} and {@code logs} are intermediate, {@code completed} is terminal. */
  public static EventTypes defaults() {
    return DEFAULTS;
  }

  public static EventTypes of(Set<String> intermediate, Set<String> terminal) {
    return new EventTypes(intermediate, terminal);
  }

  /** The kind of an event name; names in neither set are {@link EventKind#OTHER}. */
  public EventKind kindOf(String eventType) {
    if (intermediate.contains(eventType)) {
      return EventKind.INTERMEDIATE;
    }
    return terminal.contains(eventType) ? EventKind.TERMINAL : EventKind.OTHER;
  }
}
