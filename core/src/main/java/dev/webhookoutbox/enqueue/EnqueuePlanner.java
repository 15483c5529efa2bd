package dev.webhookoutbox.enqueue;

import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.EventTypes;
import dev.webhookoutbox.ThrottleWindow;
import dev.webhookoutbox.WebhookRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Decides what an enqueue writes, before anything is written: the event filter, and the throttling
 * of intermediate updates per subject.
 *
 * <ul>
 *   <li>An event outside the request's {@link WebhookRequest#eventFilter() filter} is not recorded.
 *   <li>An intermediate event with a subject (and no dedupe key) replaces the body of its subject's
 *       newest delivery to the same URL if that one is an intermediate update still waiting for its
 *       first attempt: latest state wins, and no row is added.
 *   <li>Otherwise it becomes a new row, due one {@link ThrottleWindow} after the subject's previous
 *       intermediate delivery was last sent (its latest attempt started, or it was claimed). The
 *       runner enforces the window before it sends, against every runner's recorded attempts; this
 *       due time only keeps the row from being claimed earlier than it could be sent.
 *   <li>An intermediate event after its subject's terminal event is not recorded: the subject is
 *       finished, and the update would only arrive after the final state.
 * </ul>
 *
 * Rows of one call get enqueue times a microsecond apart in request order, so that the runner can
 * order a subject's events even when they were enqueued together. Immutable and thread-safe.
 */
public final class EnqueuePlanner {

  private final EventTypes eventTypes;
  private final ThrottleWindow throttleWindow;

  /**
   * @param eventTypes which events are intermediate and terminal
   * @param throttleWindow the least time between two intermediate POSTs of one subject; zero sends
   *     each update as soon as possible, still replacing one that is waiting
   */
  public EnqueuePlanner(EventTypes eventTypes, ThrottleWindow throttleWindow) {
    this.eventTypes = Objects.requireNonNull(eventTypes, "eventTypes");
    this.throttleWindow = Objects.requireNonNull(throttleWindow, "throttleWindow");
  }

  public EventKind kindOf(WebhookRequest request) {
    return eventTypes.kindOf(request.eventType());
  }

  /** Whether the request depends on its subject's newest stored delivery. */
  public boolean coalesces(WebhookRequest request) {
    return request.subject() != null
        && request.dedupeKey() == null
        && kindOf(request) == EventKind.INTERMEDIATE;
  }

  /** Whether every request is a plain new row: passes its filter, no dedupe key, no coalescing. */
  public boolean allPlain(List<WebhookRequest> requests) {
    for (WebhookRequest request : requests) {
      if (!request.passesEventFilter() || request.dedupeKey() != null || coalesces(request)) {
        return false;
      }
    }
    return true;
  }

  /** The subjects whose newest stored delivery {@link #plan} needs, in request order. */
  public Set<SubjectKey> subjectsToLookUp(List<WebhookRequest> requests) {
    Set<SubjectKey> keys = new LinkedHashSet<>();
    for (WebhookRequest request : requests) {
      if (request.passesEventFilter() && coalesces(request)) {
        keys.add(new SubjectKey(request.subject(), request.url()));
      }
    }
    return keys;
  }

  /** The enqueue time of the {@code index}-th request of a call made at {@code now}. */
  public static Instant enqueueTime(Instant now, int index) {
    return now.plusNanos(1000L * index);
  }

  /**
   * @param requests the validated requests, in order
   * @param heads the newest stored delivery of each key from {@link #subjectsToLookUp}; a key
   *     without one has none
   * @param now the enqueue time
   * @param newIds source of new delivery ids
   */
  public EnqueuePlan plan(
      List<WebhookRequest> requests,
      Map<SubjectKey, SubjectHead> heads,
      Instant now,
      Supplier<UUID> newIds) {
    Map<SubjectKey, Head> state = new HashMap<>();
    heads.forEach((key, head) -> state.put(key, Head.stored(head)));
    List<EnqueuePlan.NewDelivery> inserts = new ArrayList<>();
    Map<UUID, EnqueuePlan.Coalescing> coalescings = new LinkedHashMap<>();
    List<UUID> ids = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      WebhookRequest request = requests.get(i);
      if (!request.passesEventFilter()) {
        ids.add(null);
        continue;
      }
      EventKind kind = kindOf(request);
      Instant createdAt = enqueueTime(now, i);
      SubjectKey key =
          request.subject() == null ? null : new SubjectKey(request.subject(), request.url());
      Head head = key == null ? null : state.get(key);
      if (coalesces(request) && head != null) {
        if (head.kind == EventKind.TERMINAL) {
          ids.add(null);
          continue;
        }
        if (head.waiting) {
          if (head.plannedIndex >= 0) {
            inserts.set(head.plannedIndex, inserts.get(head.plannedIndex).carrying(request));
          } else {
            EnqueuePlan.Coalescing earlier = coalescings.get(head.id);
            coalescings.put(
                head.id,
                new EnqueuePlan.Coalescing(
                    head.id, request, earlier == null ? createdAt : earlier.enqueuedAt()));
          }
          ids.add(head.id);
          continue;
        }
      }
      Instant dueAt = coalesces(request) ? throttledDue(head, now) : now;
      EnqueuePlan.NewDelivery row =
          new EnqueuePlan.NewDelivery(newIds.get(), request, kind, createdAt, dueAt);
      inserts.add(row);
      ids.add(row.id());
      if (key != null) {
        state.put(key, Head.planned(row, inserts.size() - 1, coalesces(request)));
      }
    }
    return new EnqueuePlan(inserts, List.copyOf(coalescings.values()), ids);
  }

  /** After an intermediate delivery was sent, the next one waits out the window. */
  private Instant throttledDue(Head previous, Instant now) {
    if (previous == null || previous.kind != EventKind.INTERMEDIATE || previous.sentAt == null) {
      return now;
    }
    Instant earliest = throttleWindow.endAfter(previous.sentAt);
    return earliest.isAfter(now) ? earliest : now;
  }

  /** The newest delivery of a key as the plan goes: stored, or planned earlier in the same call. */
  private static final class Head {
    final UUID id;
    final EventKind kind;
    final boolean waiting;
    final Instant sentAt;
    final int plannedIndex;

    private Head(UUID id, EventKind kind, boolean waiting, Instant sentAt, int plannedIndex) {
      this.id = id;
      this.kind = kind;
      this.waiting = waiting;
      this.sentAt = sentAt;
      this.plannedIndex = plannedIndex;
    }

    static Head stored(SubjectHead head) {
      return new Head(head.id(), head.kind(), head.isWaitingIntermediate(), head.lastSentAt(), -1);
    }

    static Head planned(EnqueuePlan.NewDelivery row, int index, boolean coalescible) {
      return new Head(row.id(), row.kind(), coalescible, null, index);
    }
  }
}
