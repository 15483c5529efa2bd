package dev.webhookoutbox.internal.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.DeliveryStatus;
import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.ThrottleWindow;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.OrderingFacts;
import dev.webhookoutbox.spi.Settlement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderingRulesTest {

  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final Duration RECHECK = Duration.ofMillis(100);
  static final UUID NEWER = UUID.fromString("0191a3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b");
  static final ThrottleWindow WINDOW = ThrottleWindow.of(Duration.ofMillis(500));

  @Test
  void aDeliveryAloneInItsSubjectIsSent() {
    assertThat(OrderingRules.decide(delivery(EventKind.OTHER), null, NOW, RECHECK, WINDOW))
        .isNull();
    assertThat(decide(delivery(EventKind.OTHER), facts())).isNull();
  }

  @Test
  void anOlderStateIsSupersededOnceANewerOneWasDelivered() {
    for (EventKind kind : new EventKind[] {EventKind.OTHER, EventKind.INTERMEDIATE}) {
      ClaimedDelivery processing = delivery(kind);
      Settlement settlement = decide(processing, facts().newerDelivered(NEWER));
      assertThat(settlement.newStatus()).isEqualTo(DeliveryStatus.SUPERSEDED);
      assertThat(settlement.reason())
          .startsWith("superseded:")
          .contains(NEWER.toString())
          .contains("prediction-42");
    }
  }

  @Test
  void aTerminalEventIsNeverSuperseded() {
    assertThat(decide(delivery(EventKind.TERMINAL), facts().newerDelivered(NEWER))).isNull();
  }

  @Test
  void noDeliveryOvertakesAnOlderOneInFlight() {
    for (EventKind kind : EventKind.values()) {
      Settlement settlement = decide(delivery(kind), facts().olderInFlight());
      assertThat(settlement)
          .isEqualTo(Settlement.holdBack(settlement.deliveryId(), NOW.plus(RECHECK)));
    }
  }

  @Test
  void aTerminalEventWaitsForTheLastThrottledUpdateToBeSentFirst() {
    Instant throttledUntil = NOW.plusMillis(400);
    Facts waiting = facts().olderFirstAttempt(throttledUntil);
    Settlement settlement = decide(delivery(EventKind.TERMINAL), waiting);
    assertThat(settlement.newStatus()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(settlement.nextAttemptAt()).isEqualTo(throttledUntil.plus(RECHECK));
    // Other events do not wait for it.
    assertThat(decide(delivery(EventKind.OTHER), waiting)).isNull();
  }

  @Test
  void withoutStrictOrderAnOlderDeliveryWaitingToRetryDoesNotHoldBackANewerOne() {
    Facts retrying = facts().olderPending(NOW.plusSeconds(30));
    assertThat(decide(delivery(EventKind.TERMINAL), retrying)).isNull();
  }

  @Test
  void strictOrderWaitsForEveryOlderPendingDelivery() {
    Facts retrying = facts().inStrictOrder().olderPending(NOW.plusSeconds(30));
    Settlement settlement = decide(delivery(EventKind.OTHER), retrying);
    assertThat(settlement.nextAttemptAt()).isEqualTo(NOW.plusSeconds(30).plus(RECHECK));
    // Overdue older rows: check again shortly.
    Facts overdue = facts().inStrictOrder().olderPending(NOW.minusSeconds(5));
    assertThat(decide(delivery(EventKind.OTHER), overdue).nextAttemptAt())
        .isEqualTo(NOW.plus(RECHECK));
  }

  @Test
  void anUpdateWaitsUntilOneWindowAfterTheSubjectsLatestIntermediateAttemptStarted() {
    Settlement settlement =
        decide(delivery(EventKind.INTERMEDIATE), facts().lastUpdateStarted(NOW.minusMillis(200)));
    // Exactly when the window ends: no recheck delay on top.
    assertThat(settlement)
        .isEqualTo(Settlement.holdBack(settlement.deliveryId(), NOW.plusMillis(300)));
  }

  @Test
  void anUpdateGoesOutOnceTheWindowHasPassed() {
    ClaimedDelivery update = delivery(EventKind.INTERMEDIATE);
    assertThat(decide(update, facts().lastUpdateStarted(NOW.minus(WINDOW.duration())))).isNull();
    // A zero window only keeps the order.
    OrderingFacts justSent = facts().lastUpdateStarted(NOW.minusMillis(1)).of(update.id());
    assertThat(
            OrderingRules.decide(update, justSent, NOW, RECHECK, ThrottleWindow.of(Duration.ZERO)))
        .isNull();
  }

  @Test
  void terminalAndOtherEventsNeverWaitForTheWindow() {
    Facts justSent = facts().lastUpdateStarted(NOW.minusMillis(10));
    assertThat(decide(delivery(EventKind.TERMINAL), justSent)).isNull();
    assertThat(decide(delivery(EventKind.OTHER), justSent)).isNull();
  }

  @Test
  void theLaterOfTheWindowAndAStrictOrderWaitHolds() {
    Facts both =
        facts()
            .inStrictOrder()
            .olderPending(NOW.plusMillis(50))
            .lastUpdateStarted(NOW.minusMillis(100));
    assertThat(decide(delivery(EventKind.INTERMEDIATE), both).nextAttemptAt())
        .isEqualTo(NOW.plusMillis(400));
    Facts strictLater = both.olderPending(NOW.plusSeconds(2));
    assertThat(decide(delivery(EventKind.INTERMEDIATE), strictLater).nextAttemptAt())
        .isEqualTo(NOW.plusSeconds(2).plus(RECHECK));
  }

  @Test
  void anOlderUpdateIsSupersededWhileANewerUpdateIsInFlight() {
    Settlement settlement =
        decide(delivery(EventKind.INTERMEDIATE), facts().newerUpdateInFlight(NEWER));
    assertThat(settlement.newStatus()).isEqualTo(DeliveryStatus.SUPERSEDED);
    assertThat(settlement.reason())
        .isEqualTo(
            "superseded: newer delivery "
                + NEWER
                + " of subject prediction-42 is in flight to this URL");
    // Under strict order the newer one waits for this one instead.
    assertThat(
            decide(
                delivery(EventKind.INTERMEDIATE),
                facts().inStrictOrder().newerUpdateInFlight(NEWER)))
        .isNull();
    // Only updates give way to a newer update: other events are sent in order.
    assertThat(decide(delivery(EventKind.TERMINAL), facts().newerUpdateInFlight(NEWER))).isNull();
    assertThat(decide(delivery(EventKind.OTHER), facts().newerUpdateInFlight(NEWER))).isNull();
  }

  static ClaimedDelivery delivery(EventKind kind) {
    return new ClaimedDelivery(
        UUID.randomUUID(),
        "https://example.com/hooks",
        kind.name().toLowerCase(),
        "prediction-42",
        "{}",
        null,
        0,
        NOW.minusSeconds(1),
        Map.of(),
        kind,
        null);
  }

  static Facts facts() {
    return new Facts(false, null, false, null, null, null, null);
  }

  /** Builds {@link OrderingFacts} for an arbitrary delivery id. */
  record Facts(
      boolean strict,
      UUID newer,
      boolean inFlight,
      Instant firstAttemptDue,
      Instant pendingDue,
      UUID newerUpdate,
      Instant lastUpdate) {
    Facts newerDelivered(UUID id) {
      return new Facts(strict, id, inFlight, firstAttemptDue, pendingDue, newerUpdate, lastUpdate);
    }

    Facts olderInFlight() {
      return new Facts(strict, newer, true, firstAttemptDue, pendingDue, newerUpdate, lastUpdate);
    }

    Facts olderFirstAttempt(Instant due) {
      return new Facts(strict, newer, inFlight, due, due, newerUpdate, lastUpdate);
    }

    Facts olderPending(Instant due) {
      return new Facts(strict, newer, inFlight, firstAttemptDue, due, newerUpdate, lastUpdate);
    }

    Facts inStrictOrder() {
      return new Facts(true, newer, inFlight, firstAttemptDue, pendingDue, newerUpdate, lastUpdate);
    }

    Facts newerUpdateInFlight(UUID id) {
      return new Facts(strict, newer, inFlight, firstAttemptDue, pendingDue, id, lastUpdate);
    }

    Facts lastUpdateStarted(Instant at) {
      return new Facts(strict, newer, inFlight, firstAttemptDue, pendingDue, newerUpdate, at);
    }

    OrderingFacts of(UUID deliveryId) {
      return new OrderingFacts(
          deliveryId,
          strict,
          newer,
          inFlight,
          firstAttemptDue,
          pendingDue,
          newerUpdate,
          lastUpdate);
    }
  }

  static Settlement decide(ClaimedDelivery delivery, Facts f) {
    return OrderingRules.decide(delivery, f.of(delivery.id()), NOW, RECHECK, WINDOW);
  }
}
