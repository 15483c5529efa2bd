package dev.webhookoutbox.dispatch;

import static dev.webhookoutbox.testing.Deliveries.NOW;
import static dev.webhookoutbox.testing.Deliveries.delivery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.DeliveryStatus;
import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.OutboxOptions;
import dev.webhookoutbox.ThrottleWindow;
import dev.webhookoutbox.retry.RetryPolicy;
import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.OrderingFacts;
import dev.webhookoutbox.spi.OutgoingRequest;
import dev.webhookoutbox.spi.Settlement;
import dev.webhookoutbox.spi.SubjectOrderingStore;
import dev.webhookoutbox.spi.WebhookSender;
import dev.webhookoutbox.testing.OneBatchStore;
import dev.webhookoutbox.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The dispatch loop applies each row's retry preset and keeps subjects in order. */
class DispatcherSemanticsTest {

  final SettableClock clock = new SettableClock(NOW);

  @Test
  void theRetryPresetStoredOnTheRowDecidesTheOutcome() throws Exception {
    ClaimedDelivery threeRetries = delivery(EventKind.TERMINAL, "three-retries", 0);
    ClaimedDelivery terminalOnlyUpdate = delivery(EventKind.INTERMEDIATE, "terminal-only", 0);
    ClaimedDelivery terminalOnlyFinal = delivery(EventKind.TERMINAL, "terminal-only", 0);
    // Exhausted three-retries, then replayed: the one extra attempt fails it again.
    ClaimedDelivery replayed = delivery(EventKind.TERMINAL, "three-retries", 4);
    FakeStore store =
        new FakeStore(List.of(threeRetries, terminalOnlyUpdate, terminalOnlyFinal, replayed));

    FixedSender sender = new FixedSender(503);
    sender.statuses.put(terminalOnlyFinal.id(), 404);
    run(store, sender, 4);

    assertThat(store.outcome(threeRetries).newStatus()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(store.outcome(threeRetries).nextAttemptAt())
        .isBetween(NOW.plusSeconds(8), NOW.plusSeconds(12));
    assertThat(store.outcome(terminalOnlyUpdate).newStatus()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(store.outcome(terminalOnlyUpdate).attemptNumber()).isEqualTo(1);
    assertThat(store.outcome(terminalOnlyFinal).newStatus()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(store.outcome(terminalOnlyFinal).nextAttemptAt())
        .isBetween(NOW.plusMillis(4500), NOW.plusMillis(5500));
    assertThat(store.outcome(replayed).newStatus()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(store.outcome(replayed).attemptNumber()).isEqualTo(5);
  }

  @Test
  void deliveriesTheOrderingRulesHoldBackAreSettledInsteadOfSent() throws Exception {
    ClaimedDelivery stale = delivery(EventKind.OTHER, null, 1);
    ClaimedDelivery behindInFlight = delivery(EventKind.TERMINAL, null, 0);
    ClaimedDelivery free = delivery(EventKind.TERMINAL, null, 0);
    UUID newer = UUID.randomUUID();
    FakeStore store = new FakeStore(List.of(stale, behindInFlight, free));
    store.facts.put(
        stale.id(), new OrderingFacts(stale.id(), false, newer, false, null, null, null, null));
    store.facts.put(
        behindInFlight.id(),
        new OrderingFacts(behindInFlight.id(), false, null, true, null, null, null, null));
    FixedSender sender = new FixedSender(200);

    Dispatcher dispatcher = run(store, sender, 1);

    assertThat(sender.sent).containsExactly(free.id());
    assertThat(store.settlements)
        .containsExactlyInAnyOrder(
            Settlement.supersede(
                stale.id(),
                "superseded: newer delivery "
                    + newer
                    + " of subject prediction-42 was already delivered to this URL"),
            Settlement.holdBack(behindInFlight.id(), NOW.plusMillis(100)));
    assertThat(dispatcher.inFlight()).isZero();
  }

  @Test
  void aRetryOfAnUpdateIsDueNoEarlierThanOneWindowAfterItsAttemptStarted() throws Exception {
    ClaimedDelivery update = delivery(EventKind.INTERMEDIATE, null, 0);
    ClaimedDelivery terminal = delivery(EventKind.TERMINAL, null, 0);
    FakeStore store = new FakeStore(List.of(update, terminal));
    RetryPolicy quick = RetryPolicy.builder().initialDelay(Duration.ofMillis(50)).jitter(0).build();

    run(
        store,
        new FixedSender(503),
        2,
        b ->
            b.options(
                OutboxOptions.builder()
                    .retryPolicy(quick)
                    .throttleWindow(ThrottleWindow.of(Duration.ofMillis(500)))
                    .build()));

    // The sender says both attempts started at NOW.
    assertThat(store.outcome(update).nextAttemptAt()).isEqualTo(NOW.plusMillis(500));
    assertThat(store.outcome(terminal).nextAttemptAt()).isEqualTo(NOW.plusMillis(50));
  }

  private Dispatcher run(FakeStore store, FixedSender sender, int outcomes) throws Exception {
    return run(store, sender, outcomes, b -> b);
  }

  private Dispatcher run(
      FakeStore store, FixedSender sender, int outcomes, UnaryOperator<DispatcherBuilder> configure)
      throws Exception {
    store.expected = new CountDownLatch(outcomes);
    Dispatcher dispatcher =
        configure
            .apply(
                Dispatcher.builder(store, sender)
                    .runnerId("test-runner")
                    .clock(clock)
                    .settings(
                        DispatchSettings.defaults().withIdlePollInterval(Duration.ofMillis(5))))
            .build();
    dispatcher.start();
    Thread loop = new Thread(dispatcher::runClaimLoop);
    loop.start();
    try {
      assertThat(store.expected.await(10, TimeUnit.SECONDS)).isTrue();
      // Give back-to-back recording a moment to update the in-flight count.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (dispatcher.inFlight() > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    } finally {
      dispatcher.close();
      loop.join(5000);
    }
    return dispatcher;
  }

  /** Answers every delivery with one status, unless told otherwise per delivery. */
  static final class FixedSender implements WebhookSender {
    final int status;
    final Map<UUID, Integer> statuses = new ConcurrentHashMap<>();
    final List<UUID> sent = new CopyOnWriteArrayList<>();

    FixedSender(int status) {
      this.status = status;
    }

    @Override
    public CompletableFuture<AttemptResult> send(OutgoingRequest request) {
      sent.add(request.deliveryId());
      int answer = statuses.getOrDefault(request.deliveryId(), status);
      return CompletableFuture.completedFuture(
          AttemptResult.response(NOW, Duration.ofMillis(3), answer, null, null));
    }

    @Override
    public void close() {}
  }

  /** Hands out its deliveries once, and records what the loop writes. */
  static final class FakeStore extends OneBatchStore implements SubjectOrderingStore {
    final Map<UUID, OrderingFacts> facts = new ConcurrentHashMap<>();
    final List<Settlement> settlements = new CopyOnWriteArrayList<>();
    final Map<UUID, AttemptOutcome> outcomes = new ConcurrentHashMap<>();
    volatile CountDownLatch expected;

    FakeStore(List<ClaimedDelivery> due) {
      super(due);
    }

    AttemptOutcome outcome(ClaimedDelivery delivery) {
      return outcomes.get(delivery.id());
    }

    @Override
    public int recordOutcomes(String runnerId, List<AttemptOutcome> batch, Instant now) {
      for (AttemptOutcome outcome : batch) {
        outcomes.put(outcome.deliveryId(), outcome);
        expected.countDown();
      }
      return 0;
    }

    @Override
    public List<OrderingFacts> orderingFacts(List<ClaimedDelivery> claimed) {
      List<OrderingFacts> found = new ArrayList<>();
      for (ClaimedDelivery delivery : claimed) {
        if (facts.containsKey(delivery.id())) {
          found.add(facts.get(delivery.id()));
        }
      }
      return found;
    }

    @Override
    public int settle(String runnerId, List<Settlement> batch, Instant now) {
      settlements.addAll(batch);
      return batch.size();
    }
  }
}
