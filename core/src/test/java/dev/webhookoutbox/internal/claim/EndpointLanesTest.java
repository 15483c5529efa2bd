package dev.webhookoutbox.internal.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.internal.send.EndpointGuard;
import dev.webhookoutbox.spi.AttemptError;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.ClaimedDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EndpointLanesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ORIGIN = "https://hooks.example.com";
  private static final Duration WAIT = Duration.ofMillis(500);
  private static final EndpointGuard.CircuitListener NO_LISTENER = (origin, open, at) -> {};

  private final EndpointGuard guard =
      new EndpointGuard(new EndpointGuard.Limits(2, WAIT, 3, Duration.ofSeconds(30)), NO_LISTENER);
  private final EndpointLanes lanes = new EndpointLanes(guard, WAIT, 10);

  @Test
  void aBusyOriginsDeliveriesWaitInClaimOrderAndGoOutAsAttemptsFinish() {
    List<ClaimedDelivery> batch = deliveries(ORIGIN, 5);
    List<EndpointLanes.Decision> decisions = new ArrayList<>();
    for (ClaimedDelivery d : batch) {
      decisions.add(lanes.offer(d, ORIGIN, T0));
    }
    assertThat(decisions)
        .containsExactly(
            EndpointLanes.Decision.SEND,
            EndpointLanes.Decision.SEND,
            EndpointLanes.Decision.WAIT,
            EndpointLanes.Decision.WAIT,
            EndpointLanes.Decision.WAIT);
    assertThat(lanes.offer(deliveries("https://other.example.com", 1).get(0), "x", T0))
        .as("another origin is not held up")
        .isEqualTo(EndpointLanes.Decision.SEND);

    guard.completed(ORIGIN, ok(), T0);
    assertThat(lanes.next(ORIGIN, T0)).containsExactly(batch.get(2));
    guard.completed(ORIGIN, ok(), T0);
    guard.completed(ORIGIN, ok(), T0);
    assertThat(lanes.next(ORIGIN, T0)).containsExactly(batch.get(3), batch.get(4));
    assertThat(lanes.waiting()).isZero();
  }

  @Test
  void deliveriesThatWaitedTooLongAreHandedBackToBePostponed() {
    List<ClaimedDelivery> batch = deliveries(ORIGIN, 4);
    batch.subList(0, 3).forEach(d -> lanes.offer(d, ORIGIN, T0));
    lanes.offer(batch.get(3), ORIGIN, T0.plusMillis(300));

    assertThat(lanes.sweep(T0.plusMillis(499)).expired()).isEmpty();
    Instant later = T0.plusMillis(500);
    Map<Instant, List<ClaimedDelivery>> expired = lanes.sweep(later).expired();
    assertThat(expired).containsOnlyKeys(later.plus(WAIT));
    assertThat(expired.get(later.plus(WAIT))).containsExactly(batch.get(2));
    assertThat(lanes.waiting()).isEqualTo(1);
  }

  @Test
  void anOpenCircuitHandsBackEverythingWaitingUntilItMayProbe() {
    List<ClaimedDelivery> batch = deliveries(ORIGIN, 4);
    batch.forEach(d -> lanes.offer(d, ORIGIN, T0));
    for (int i = 0; i < 3; i++) {
      guard.completed(ORIGIN, failure(), T0);
    }
    assertThat(guard.isOpen(ORIGIN, T0)).isTrue();

    Map<Instant, List<ClaimedDelivery>> expired = lanes.sweep(T0).expired();
    assertThat(expired).containsOnlyKeys(T0.plusSeconds(30));
    assertThat(expired.get(T0.plusSeconds(30))).containsExactly(batch.get(2), batch.get(3));
    assertThat(lanes.offer(deliveries(ORIGIN, 1).get(0), ORIGIN, T0))
        .isEqualTo(EndpointLanes.Decision.POSTPONE);
  }

  @Test
  void aLaneHoldsWhatItsOriginCompletedInTheLastHalfWaitAndPostponesTheRest() {
    EndpointLanes shallow = new EndpointLanes(guard, WAIT, 3);
    List<ClaimedDelivery> first = deliveries(ORIGIN, 6);
    List<EndpointLanes.Decision> decisions = new ArrayList<>();
    first.forEach(d -> decisions.add(shallow.offer(d, ORIGIN, T0)));
    assertThat(decisions)
        .as("two in flight, three waiting (the floor), the sixth postponed")
        .containsExactly(
            EndpointLanes.Decision.SEND,
            EndpointLanes.Decision.SEND,
            EndpointLanes.Decision.WAIT,
            EndpointLanes.Decision.WAIT,
            EndpointLanes.Decision.WAIT,
            EndpointLanes.Decision.POSTPONE);

    // The origin completes 8 attempts within 200 ms: its lane may now hold 8.
    for (int i = 0; i < 8; i++) {
      Instant t = T0.plusMillis(25 * i);
      guard.completed(ORIGIN, ok(), t);
      shallow.next(ORIGIN, t); // the first three completions send the three waiting
    }
    Instant later = T0.plusMillis(260);
    int waited = 0;
    for (ClaimedDelivery d : deliveries(ORIGIN, 10)) {
      if (shallow.offer(d, ORIGIN, later) == EndpointLanes.Decision.WAIT) {
        waited++;
      }
    }
    assertThat(shallow.waiting()).isEqualTo(8);
    assertThat(waited).isEqualTo(8);
  }

  @Test
  void noDeliveryIsStrandedWhenCompletionsRaceWithOffers() throws Exception {
    EndpointGuard oneAtATime =
        new EndpointGuard(
            new EndpointGuard.Limits(1, WAIT, 1000, Duration.ofSeconds(30)), NO_LISTENER);
    EndpointLanes racing = new EndpointLanes(oneAtATime, Duration.ofHours(1), 20_000);
    int count = 20_000;
    ConcurrentLinkedQueue<ClaimedDelivery> inFlight = new ConcurrentLinkedQueue<>();
    AtomicInteger sent = new AtomicInteger();
    CountDownLatch offered = new CountDownLatch(1);
    ExecutorService completer = Executors.newSingleThreadExecutor();
    completer.submit(
        () -> {
          while (offered.getCount() > 0 || !inFlight.isEmpty()) {
            ClaimedDelivery done = inFlight.poll();
            if (done != null) {
              oneAtATime.completed(ORIGIN, ok(), T0);
              List<ClaimedDelivery> next = racing.next(ORIGIN, T0);
              sent.addAndGet(next.size());
              inFlight.addAll(next);
            }
          }
          return null;
        });
    for (ClaimedDelivery d : deliveries(ORIGIN, count)) {
      if (racing.offer(d, ORIGIN, T0) == EndpointLanes.Decision.SEND) {
        sent.incrementAndGet();
        inFlight.add(d);
      }
    }
    offered.countDown();
    completer.shutdown();
    assertThat(completer.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(sent.get() + racing.waiting()).isEqualTo(count);
    assertThat(racing.waiting()).as("nothing left waiting behind a free origin").isZero();
  }

  private static List<ClaimedDelivery> deliveries(String origin, int n) {
    List<ClaimedDelivery> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(
          new ClaimedDelivery(
              UUID.randomUUID(),
              origin + "/hook/" + i,
              "job.completed",
              null,
              "{}",
              List.of(),
              0,
              T0,
              Map.of()));
    }
    return list;
  }

  private static AttemptResult ok() {
    return AttemptResult.response(T0, Duration.ofMillis(5), 200, "", null);
  }

  private static AttemptResult failure() {
    return AttemptResult.failure(T0, Duration.ofMillis(5), AttemptError.TIMEOUT, "timed out");
  }
}
