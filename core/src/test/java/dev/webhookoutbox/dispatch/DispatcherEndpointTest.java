package dev.webhookoutbox.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.internal.Ticker;
import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.EndpointDisabled;
import dev.webhookoutbox.spi.EndpointHealth;
import dev.webhookoutbox.spi.EndpointRegistry;
import dev.webhookoutbox.spi.OutgoingRequest;
import dev.webhookoutbox.spi.WebhookSender;
import dev.webhookoutbox.testing.EmptyStore;
import dev.webhookoutbox.testing.ManualTicker;
import dev.webhookoutbox.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatch loop and the endpoints: an open circuit postpones without spending attempts and lets
 * exactly one probe through before it closes; a disabled origin's deliveries are parked unsent;
 * health is written on changes, not per delivery.
 */
class DispatcherEndpointTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final String SICK = "https://sick.example.com";
  static final String WELL = "https://well.example.com";

  final SettableClock clock = new SettableClock(T0);
  final ScriptedStore store = new ScriptedStore();
  final HeldSender sender = new HeldSender();
  Ticker ticker = Ticker.SYSTEM;
  Dispatcher dispatcher;
  Thread loop;

  @AfterEach
  void stop() throws InterruptedException {
    sender.held.values().forEach(f -> f.complete(response(200)));
    if (dispatcher != null) {
      dispatcher.close();
      loop.join(5000);
    }
  }

  @Test
  void anOpenCircuitPostponesWithoutAttemptsAndOneProbeDecidesWhetherItCloses() {
    start(new EndpointSettings(100, Duration.ofMillis(500), 2, Duration.ofSeconds(30)));
    List<ClaimedDelivery> d = deliveries(SICK, 5);

    store.offer(d.get(0), d.get(1));
    awaitTrue(() -> sender.sent.size() == 2);
    sender.answer(d.get(0), 503);
    sender.answer(d.get(1), 503);
    awaitTrue(() -> store.outcomes.size() == 2); // the circuit opened at T0

    clock.set(T0.plusSeconds(10));
    store.offer(d.get(2), d.get(3));
    awaitTrue(() -> store.released.containsKey(d.get(3).id()));
    assertThat(store.released.get(d.get(2).id())).isEqualTo(T0.plusSeconds(30));
    assertThat(sender.sent).hasSize(2);

    Instant halfOpen = T0.plusSeconds(31);
    clock.set(halfOpen);
    store.released.clear();
    store.offer(d.get(2), d.get(3), d.get(4));
    awaitTrue(() -> store.released.size() == 2);
    assertThat(sender.sent).as("exactly one probe").hasSize(3);
    assertThat(store.released.values()).containsOnly(halfOpen.plusMillis(500));
    assertThat(store.outcomes).hasSize(2);

    sender.answer(d.get(2), 200); // the probe delivers: the circuit closes
    awaitTrue(() -> store.outcomes.size() == 3);
    store.offer(d.get(3), d.get(4));
    awaitTrue(() -> sender.sent.size() == 5);
  }

  @Test
  void aDisabledOriginsDeliveriesAreParkedUnsentAndHealthIsWrittenOnChanges() {
    store.disabled.add(SICK);
    start(EndpointSettings.defaults());
    List<ClaimedDelivery> sick = deliveries(SICK, 3);
    List<ClaimedDelivery> well = deliveries(WELL, 50);
    List<ClaimedDelivery> batch = new ArrayList<>(sick);
    batch.addAll(well);

    store.offer(batch.toArray(ClaimedDelivery[]::new));
    awaitTrue(() -> sender.sent.size() == 50);
    well.forEach(delivery -> sender.answer(delivery, 200));
    awaitTrue(() -> store.outcomes.size() == 50 && !store.health.isEmpty());

    assertThat(store.parked).containsExactlyInAnyOrderElementsOf(ids(sick));
    assertThat(store.parkedOrigins).containsExactly(SICK);
    assertThat(sender.sent).doesNotContainAnyElementsOf(ids(sick));
    assertThat(store.health)
        .as("one report for fifty deliveries")
        .containsExactly(new EndpointHealth(WELL, true, T0, null));

    store.disabled.clear(); // enabled again: the next refresh lets its deliveries through
    assertThat(dispatcher.refreshDisabledEndpoints()).isEmpty();
    store.offer(sick.toArray(ClaimedDelivery[]::new));
    awaitTrue(() -> sender.sent.size() == 53);
  }

  @Test
  void everyPathAClaimedDeliveryTakesGivesItsSlotBackOnce() throws Exception {
    String off = "https://off.example.com";
    store.disabled.add(off);
    ManualTicker manual = new ManualTicker();
    ticker = manual;
    start(
        new EndpointSettings(100, Duration.ofMillis(500), 2, Duration.ofSeconds(30)),
        DispatchSettings.defaults()
            .withMaxInFlight(8)
            .withClaimBatchSize(8)
            .withRecordLinger(Duration.ZERO)); // the ticker does not move: no linger
    List<ClaimedDelivery> sick = deliveries(SICK, 3);
    List<ClaimedDelivery> well = deliveries(WELL, 2);
    ClaimedDelivery parked = deliveries(off, 1).get(0);

    store.offer(parked, well.get(0), well.get(1), sick.get(0), sick.get(1));
    awaitTrue(() -> sender.sent.size() == 4);
    sender.answer(well.get(0), 200); // sent and recorded
    sender.answer(sick.get(0), 503);
    sender.answer(sick.get(1), 503); // the circuit opens: retries recorded
    awaitTrue(() -> store.outcomes.size() == 3);
    store.offer(sick.get(2)); // postponed
    awaitTrue(() -> store.released.containsKey(sick.get(2).id()));
    store.failNextClaim = true; // the database fails one claim
    awaitTrue(() -> !store.failNextClaim);
    store.limits.clear();

    // Only the hanging POST still holds a slot: the next claims ask for all the others.
    awaitTrue(() -> store.limits.contains(7));
    assertThat(store.limits).allMatch(limit -> limit == 7);
    assertThat(dispatcher.inFlight()).isOne();
    assertThat(store.parked).containsExactly(parked.id());

    Thread closing = new Thread(dispatcher::close);
    closing.start();
    manual.awaitWaiter();
    manual.advance(Duration.ofSeconds(10)); // the default deadline: the hanging POST goes back
    closing.join(10_000);
    assertThat(store.released).containsKey(well.get(1).id());
    assertThat(dispatcher.inFlight()).isZero();
    loop.join(5000);
    dispatcher = null; // closed: the recorder is gone, a late answer would wait for it forever
  }

  private void start(EndpointSettings endpoints) {
    start(endpoints, DispatchSettings.defaults());
  }

  private void start(EndpointSettings endpoints, DispatchSettings settings) {
    dispatcher =
        Dispatcher.builder(store, sender)
            .runnerId("test-runner")
            .clock(clock)
            .ticker(ticker)
            .settings(settings.withIdlePollInterval(Duration.ofMillis(5)))
            .endpointSettings(endpoints)
            .build();
    dispatcher.start();
    loop = new Thread(dispatcher::runClaimLoop);
    loop.start();
  }

  private static List<ClaimedDelivery> deliveries(String origin, int n) {
    List<ClaimedDelivery> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new ClaimedDelivery(
              UUID.randomUUID(),
              origin + "/hooks/" + i,
              "completed",
              null,
              "{}",
              null,
              0,
              T0.minusSeconds(60),
              Map.of(),
              EventKind.TERMINAL,
              null));
    }
    return out;
  }

  private static List<UUID> ids(List<ClaimedDelivery> deliveries) {
    return deliveries.stream().map(ClaimedDelivery::id).toList();
  }

  private static AttemptResult response(int status) {
    return AttemptResult.response(T0, Duration.ofMillis(3), status, null, null);
  }

  /** Polls a condition the loop's threads make true; fails after 10 s. */
  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.onSpinWait();
    }
  }

  /** Holds every POST until the test answers it. */
  static final class HeldSender implements WebhookSender {
    final List<UUID> sent = new CopyOnWriteArrayList<>();
    final Map<UUID, CompletableFuture<AttemptResult>> held = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<AttemptResult> send(OutgoingRequest request) {
      CompletableFuture<AttemptResult> future = new CompletableFuture<>();
      held.put(request.deliveryId(), future);
      sent.add(request.deliveryId());
      return future;
    }

    void answer(ClaimedDelivery delivery, int status) {
      held.remove(delivery.id()).complete(response(status));
    }

    @Override
    public void close() {}
  }

  /** Hands out each offered batch once; records what the loop gives back and writes. */
  static final class ScriptedStore extends EmptyStore implements EndpointRegistry {
    final ConcurrentLinkedQueue<List<ClaimedDelivery>> batches = new ConcurrentLinkedQueue<>();
    final Map<UUID, Instant> released = new ConcurrentHashMap<>();
    final List<UUID> parked = new CopyOnWriteArrayList<>();
    final List<String> parkedOrigins = new CopyOnWriteArrayList<>();
    final List<AttemptOutcome> outcomes = new CopyOnWriteArrayList<>();
    final List<EndpointHealth> health = new CopyOnWriteArrayList<>();
    final Set<String> disabled = ConcurrentHashMap.newKeySet();
    final List<Integer> limits = new CopyOnWriteArrayList<>();
    volatile boolean failNextClaim;

    void offer(ClaimedDelivery... deliveries) {
      batches.add(List.of(deliveries));
    }

    @Override
    public List<ClaimedDelivery> claimDue(
        String runnerId, int limit, Instant now, Instant leaseUntil) {
      limits.add(limit);
      if (failNextClaim) {
        failNextClaim = false;
        throw new IllegalStateException("the database is down");
      }
      List<ClaimedDelivery> next = batches.poll();
      return next == null ? List.of() : next;
    }

    @Override
    public int recordOutcomes(String runnerId, List<AttemptOutcome> batch, Instant now) {
      outcomes.addAll(batch);
      return 0;
    }

    @Override
    public int releaseClaims(String runnerId, Collection<UUID> ids, Instant dueAt, Instant now) {
      ids.forEach(id -> released.put(id, dueAt));
      return ids.size();
    }

    @Override
    public void recordEndpointHealth(List<EndpointHealth> reports, Instant now) {
      health.addAll(reports);
    }

    @Override
    public Set<String> disabledOrigins() {
      return Set.copyOf(disabled);
    }

    @Override
    public int parkClaims(
        String runnerId, Collection<String> origins, Collection<UUID> ids, Instant now) {
      parkedOrigins.addAll(origins);
      parked.addAll(ids);
      return ids.size();
    }

    @Override
    public List<EndpointDisabled> disableFailingEndpoints(Duration failingFor, Instant now) {
      return List.of();
    }

    @Override
    public List<EndpointDisabled> claimUnnotifiedDisablements(Instant now, Instant leaseUntil) {
      return List.of();
    }

    @Override
    public void markDisablementNotified(EndpointDisabled disablement) {}

    @Override
    public int releaseParkedDeliveries(Instant now) {
      return 0;
    }
  }
}
