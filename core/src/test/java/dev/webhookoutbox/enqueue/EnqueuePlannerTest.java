package dev.webhookoutbox.enqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.DeliveryStatus;
import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.EventTypes;
import dev.webhookoutbox.ThrottleWindow;
import dev.webhookoutbox.WebhookRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class EnqueuePlannerTest {

  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final String URL = "https://example.com/hooks";
  static final SubjectKey KEY = new SubjectKey("p-1", URL);
  static final Duration WINDOW = Duration.ofMillis(500);

  final EnqueuePlanner planner =
      new EnqueuePlanner(EventTypes.defaults(), ThrottleWindow.of(WINDOW));
  final List<UUID> issued = new ArrayList<>();
  final Supplier<UUID> ids =
      () -> {
        UUID id = UUID.randomUUID();
        issued.add(id);
        return id;
      };

  @Test
  void eventsOutsideTheFilterAreNotRecorded() {
    WebhookRequest output =
        request("output", "{\"n\":1}").eventFilter("start", "completed").build();
    WebhookRequest completed = request("completed", "{}").eventFilter("start", "completed").build();

    EnqueuePlan plan = planner.plan(List.of(output, completed), Map.of(), NOW, ids);

    assertThat(plan.ids()).containsExactly(null, issued.get(0));
    assertThat(plan.inserts())
        .extracting(r -> r.request().eventType())
        .containsExactly("completed");
    assertThat(planner.allPlain(List.of(completed))).isTrue();
    assertThat(planner.allPlain(List.of(output))).isFalse();
  }

  @Test
  void theFirstUpdateOfASubjectIsDueAtOnce() {
    EnqueuePlan plan = planner.plan(List.of(output(1)), Map.of(), NOW, ids);
    assertThat(plan.inserts())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.dueAt()).isEqualTo(NOW);
              assertThat(row.kind()).isEqualTo(EventKind.INTERMEDIATE);
            });
  }

  @Test
  void anUpdateReplacesTheBodyOfTheSubjectsWaitingUpdate() {
    UUID waiting = UUID.randomUUID();
    SubjectHead head =
        new SubjectHead(waiting, DeliveryStatus.PENDING, 0, EventKind.INTERMEDIATE, NOW, null);

    EnqueuePlan plan =
        planner.plan(List.of(output(2), output(3)), Map.of(KEY, head), NOW.plusMillis(5), ids);

    assertThat(plan.inserts()).isEmpty();
    assertThat(plan.ids()).containsExactly(waiting, waiting);
    assertThat(plan.coalescings())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.targetId()).isEqualTo(waiting);
              assertThat(c.request().payload()).isEqualTo("{\"n\":3}");
              assertThat(c.enqueuedAt()).isEqualTo(NOW.plusMillis(5));
            });
  }

  @Test
  void updatesInOneCallCollapseIntoOneRowCarryingTheLastBody() {
    EnqueuePlan plan = planner.plan(List.of(output(1), output(2), output(3)), Map.of(), NOW, ids);
    assertThat(plan.inserts())
        .singleElement()
        .satisfies(row -> assertThat(row.request().payload()).isEqualTo("{\"n\":3}"));
    assertThat(plan.ids()).containsOnly(issued.get(0));
  }

  @Test
  void anUpdateAfterOneInFlightIsDueOneWindowAfterThatClaim() {
    Instant claimedAt = NOW.minusMillis(200);
    SubjectHead inFlight =
        new SubjectHead(
            UUID.randomUUID(),
            DeliveryStatus.IN_FLIGHT,
            0,
            EventKind.INTERMEDIATE,
            claimedAt,
            null);
    EnqueuePlan plan = planner.plan(List.of(output(4)), Map.of(KEY, inFlight), NOW, ids);
    assertThat(plan.inserts().get(0).dueAt()).isEqualTo(claimedAt.plus(WINDOW));
  }

  @Test
  void anUpdateAfterASentOneIsDueOneWindowAfterThatAttemptStartedNotAfterItWasRecorded() {
    Instant started = NOW.minusMillis(300);
    SubjectHead delivered =
        new SubjectHead(
            UUID.randomUUID(),
            DeliveryStatus.DELIVERED,
            1,
            EventKind.INTERMEDIATE,
            NOW.minusMillis(50),
            started);
    EnqueuePlan plan = planner.plan(List.of(output(4)), Map.of(KEY, delivered), NOW, ids);
    assertThat(plan.inserts().get(0).dueAt()).isEqualTo(started.plus(WINDOW));

    SubjectHead longAgo =
        new SubjectHead(
            UUID.randomUUID(),
            DeliveryStatus.DELIVERED,
            1,
            EventKind.INTERMEDIATE,
            NOW.minusSeconds(3),
            NOW.minusSeconds(3));
    plan = planner.plan(List.of(output(5)), Map.of(KEY, longAgo), NOW, ids);
    assertThat(plan.inserts().get(0).dueAt()).isEqualTo(NOW);
  }

  @Test
  void anUpdateIsNeverFoldedIntoARowThatWasAlreadyAttempted() {
    SubjectHead retrying =
        new SubjectHead(
            UUID.randomUUID(), DeliveryStatus.PENDING, 1, EventKind.INTERMEDIATE, NOW, NOW);
    EnqueuePlan plan = planner.plan(List.of(output(6)), Map.of(KEY, retrying), NOW, ids);
    assertThat(plan.coalescings()).isEmpty();
    assertThat(plan.inserts()).hasSize(1);
  }

  @Test
  void anUpdateAfterTheSubjectsTerminalEventIsNotRecorded() {
    SubjectHead completed =
        new SubjectHead(
            UUID.randomUUID(), DeliveryStatus.DELIVERED, 1, EventKind.TERMINAL, NOW, NOW);
    EnqueuePlan plan = planner.plan(List.of(output(7)), Map.of(KEY, completed), NOW, ids);
    assertThat(plan.ids()).containsExactly((UUID) null);
    assertThat(plan.inserts()).isEmpty();

    // Also within one call.
    plan =
        planner.plan(
            List.of(output(8), request("completed", "{}").build(), output(9)), Map.of(), NOW, ids);
    assertThat(plan.inserts())
        .extracting(r -> r.request().eventType())
        .containsExactly("output", "completed");
    assertThat(plan.ids().get(2)).isNull();
  }

  @Test
  void anUpdateAfterANewerNonIntermediateEventStartsANewRow() {
    EnqueuePlan plan =
        planner.plan(
            List.of(output(1), request("start", "{}").build(), output(2)), Map.of(), NOW, ids);
    assertThat(plan.inserts())
        .extracting(r -> r.request().payload())
        .containsExactly("{\"n\":1}", "{}", "{\"n\":2}");
  }

  @Test
  void terminalEventsAndUpdatesWithADedupeKeyAreNeverCoalesced() {
    UUID waiting = UUID.randomUUID();
    SubjectHead head =
        new SubjectHead(waiting, DeliveryStatus.PENDING, 0, EventKind.INTERMEDIATE, NOW, null);
    WebhookRequest deduped = request("output", "{}").dedupeKey("k-1").build();
    EnqueuePlan plan =
        planner.plan(
            List.of(deduped, request("completed", "{}").build()), Map.of(KEY, head), NOW, ids);
    assertThat(plan.coalescings()).isEmpty();
    assertThat(plan.inserts()).hasSize(2);
    assertThat(planner.subjectsToLookUp(List.of(deduped))).isEmpty();
  }

  @Test
  void rowsOfOneCallGetEnqueueTimesInRequestOrder() {
    EnqueuePlan plan =
        planner.plan(
            List.of(request("start", "{}").build(), request("completed", "{}").build()),
            Map.of(),
            NOW,
            ids);
    assertThat(plan.inserts())
        .extracting(EnqueuePlan.NewDelivery::createdAt)
        .containsExactly(NOW, NOW.plusNanos(1000));
  }

  static WebhookRequest output(int n) {
    return request("output", "{\"n\":" + n + "}").build();
  }

  static WebhookRequest.Builder request(String event, String payload) {
    return WebhookRequest.builder(URL, event).subject("p-1").payload(payload);
  }
}
