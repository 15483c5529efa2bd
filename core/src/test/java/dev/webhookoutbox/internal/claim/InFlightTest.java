package dev.webhookoutbox.internal.claim;

import static dev.webhookoutbox.testing.Deliveries.delivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.internal.Ticker;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.testing.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The invariants of the {@link InFlight} ledger on every path a claimed delivery can take. */
class InFlightTest {

  private final ManualTicker ticker = new ManualTicker();
  private final InFlight ledger = new InFlight(10, ticker);

  @Test
  void aClaimHoldsWhatTheStoreHandedOutAndFreesTheRestOfItsReservation() {
    List<ClaimedDelivery> batch = ledger.claim(6, n -> deliveries(4));

    assertThat(batch).hasSize(4);
    assertThat(ledger.size()).isEqualTo(4);
    assertThat(ledger.free()).isEqualTo(6);
  }

  @Test
  void aClaimNeverAsksForMoreThanIsFree() {
    ledger.claim(10, n -> deliveries(7));
    List<Integer> asked = new ArrayList<>();

    ledger.claim(10, n -> record(asked, n));

    assertThat(asked).containsExactly(3);
  }

  @Test
  void aClaimTheStoreFailedFreesItsReservation() {
    assertThatThrownBy(() -> ledger.claim(5, n -> fail()))
        .isInstanceOf(IllegalStateException.class);

    assertThat(ledger.free()).isEqualTo(10);
    assertThat(ledger.awaitEmpty(Duration.ZERO)).isTrue();
  }

  @Test
  void everyPathFreesEachSlotExactlyOnce() {
    List<ClaimedDelivery> batch = ledger.claim(10, n -> deliveries(6));
    UUID sent = batch.get(0).id();
    UUID postponed = batch.get(1).id();
    UUID parked = batch.get(2).id();
    UUID heldBack = batch.get(3).id();

    assertThat(ledger.record(List.of(sent))).containsOnlyKeys(sent);
    assertThat(ledger.giveBack(List.of(postponed, parked, heldBack))).isEqualTo(3);
    // Given back again, or recorded after it was given back: nothing more to free.
    assertThat(ledger.giveBack(List.of(postponed, parked))).isZero();
    assertThat(ledger.record(List.of(sent, heldBack))).isEmpty();
    assertThat(ledger.free()).isEqualTo(8);

    List<UUID> atShutdown = ledger.remaining();
    assertThat(atShutdown).containsExactlyInAnyOrder(batch.get(4).id(), batch.get(5).id());
    assertThat(ledger.giveBack(atShutdown)).isEqualTo(2);
    // A POST that answers after its row was released at shutdown.
    assertThat(ledger.record(List.of(batch.get(4).id()))).isEmpty();

    assertThat(ledger.free()).isEqualTo(10);
    assertThat(ledger.size()).isZero();
  }

  @Test
  void afterCloseNoClaimReachesTheStore() {
    ledger.close();

    assertThat(ledger.claim(5, n -> fail())).isEmpty();
    assertThat(ledger.free()).isEqualTo(10);
  }

  @Test
  void aClaimInProgressCountsUntilItReturnsAndIsHeldEvenIfClosedMeanwhile() throws Exception {
    CountDownLatch claiming = new CountDownLatch(1);
    CountDownLatch storeAnswers = new CountDownLatch(1);
    CompletableFuture<List<ClaimedDelivery>> claimed =
        CompletableFuture.supplyAsync(
            () ->
                ledger.claim(
                    4,
                    n -> {
                      claiming.countDown();
                      await(storeAnswers);
                      return deliveries(2);
                    }));
    assertThat(claiming.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(ledger.free()).isEqualTo(6);
    ledger.close();
    assertThat(ledger.awaitEmpty(Duration.ZERO)).as("empty while a claim runs").isFalse();
    storeAnswers.countDown();

    assertThat(claimed.get(10, TimeUnit.SECONDS)).hasSize(2);
    assertThat(ledger.size()).isEqualTo(2);
    assertThat(ledger.free()).isEqualTo(8);
  }

  @Test
  void awaitEmptyWaitsForTheWholeDeadlineNotForOneWaitOfIt() throws Exception {
    List<ClaimedDelivery> batch = ledger.claim(2, n -> deliveries(2));
    CompletableFuture<Boolean> emptied = CompletableFuture.supplyAsync(() -> awaitEmpty(10));
    ticker.awaitWaiter();

    for (int i = 0; i < 99; i++) {
      ticker.advance(Duration.ofMillis(100));
    }
    ledger.record(List.of(batch.get(0).id()));
    assertThat(emptied).as("waiting at 9.9 s of 10 s, one delivery left").isNotDone();
    ledger.giveBack(List.of(batch.get(1).id()));

    assertThat(emptied.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void awaitEmptyGivesUpWhenTheDeadlinePasses() throws Exception {
    List<ClaimedDelivery> batch = ledger.claim(3, n -> deliveries(3));
    ledger.record(List.of(batch.get(0).id()));
    CompletableFuture<Boolean> emptied = CompletableFuture.supplyAsync(() -> awaitEmpty(10));
    ticker.awaitWaiter();

    ticker.advance(Duration.ofSeconds(10));

    assertThat(emptied.get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(ledger.remaining()).containsExactlyInAnyOrder(batch.get(1).id(), batch.get(2).id());
  }

  @Test
  void concurrentRecordsAndGiveBacksNeverFreeMoreThanWasHeld() throws Exception {
    InFlight shared = new InFlight(50, Ticker.SYSTEM);
    List<UUID> everHeld = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger overCapacity = new AtomicInteger();
    Random random = new Random(17);
    List<CompletableFuture<Void>> settlers = new ArrayList<>();
    for (int round = 0; round < 200; round++) {
      int limit = 1 + random.nextInt(20);
      List<ClaimedDelivery> batch =
          shared.claim(limit, n -> deliveries(Math.max(0, n - random.nextInt(3))));
      batch.forEach(d -> everHeld.add(d.id()));
      if (shared.size() > 50) {
        overCapacity.incrementAndGet();
      }
      List<UUID> ids = batch.stream().map(ClaimedDelivery::id).toList();
      // Each id settled twice, by a record and a give-back racing each other.
      settlers.add(CompletableFuture.runAsync(() -> shared.record(ids)));
      settlers.add(CompletableFuture.runAsync(() -> shared.giveBack(ids)));
    }
    CompletableFuture.allOf(settlers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    assertThat(overCapacity).hasValue(0);
    assertThat(everHeld).isNotEmpty();
    assertThat(shared.size()).isZero();
    assertThat(shared.free()).isEqualTo(50);
  }

  private boolean awaitEmpty(int seconds) {
    return ledger.awaitEmpty(Duration.ofSeconds(seconds));
  }

  private static List<ClaimedDelivery> deliveries(int count) {
    List<ClaimedDelivery> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(delivery(EventKind.TERMINAL, null, 0));
    }
    return list;
  }

  private static List<ClaimedDelivery> record(List<Integer> asked, int n) {
    asked.add(n);
    return List.of();
  }

  private static List<ClaimedDelivery> fail() {
    throw new IllegalStateException("the database is down");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
