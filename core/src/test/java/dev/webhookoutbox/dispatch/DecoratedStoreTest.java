package dev.webhookoutbox.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.ExpiredLeases;
import dev.webhookoutbox.spi.FailedDelivery;
import dev.webhookoutbox.spi.FailureLedger;
import dev.webhookoutbox.spi.OrderingFacts;
import dev.webhookoutbox.spi.OutboxStore;
import dev.webhookoutbox.testing.Deliveries;
import dev.webhookoutbox.testing.EmptyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A store decorated for metrics keeps the capabilities of the store it wraps when it forwards
 * {@link OutboxStore#capability}; a capability the runner needs and cannot find fails the build.
 * (Before capabilities, such a decorator silently lost subject ordering: the interface's defaults
 * answered for the wrapped store.)
 */
class DecoratedStoreTest {

  @Test
  void aDecoratorThatForwardsCapabilitiesKeepsSubjectOrdering() throws Exception {
    ClaimedDelivery stale = Deliveries.delivery(EventKind.OTHER, null, 1);
    ClaimedDelivery free = Deliveries.delivery(EventKind.TERMINAL, null, 0);
    DispatcherSemanticsTest.FakeStore store =
        new DispatcherSemanticsTest.FakeStore(List.of(stale, free));
    store.facts.put(
        stale.id(),
        new OrderingFacts(stale.id(), false, UUID.randomUUID(), false, null, null, null, null));
    store.expected = new CountDownLatch(1);
    TimedStore timed = new TimedStore(store);
    DispatcherSemanticsTest.FixedSender sender = new DispatcherSemanticsTest.FixedSender(200);
    Dispatcher dispatcher =
        Dispatcher.builder(timed, sender)
            .settings(DispatchSettings.defaults().withIdlePollInterval(Duration.ofMillis(5)))
            .build();
    dispatcher.start();
    Thread loop = new Thread(dispatcher::runClaimLoop);
    loop.start();
    try {
      assertThat(store.expected.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      dispatcher.close();
      loop.join(5000);
    }

    assertThat(sender.sent).as("sent through the decorated store").containsExactly(free.id());
    assertThat(store.settlements).extracting(s -> s.deliveryId()).containsExactly(stale.id());
    assertThat(timed.calls.get()).as("the core calls went through the decorator").isPositive();
  }

  @Test
  void failuresReachTheListenerThroughADecoratorsForwardedLedger() {
    LedgerStore store = new LedgerStore();
    List<UUID> told = new ArrayList<>();
    Dispatcher dispatcher =
        Dispatcher.builder(new TimedStore(store), new DispatcherSemanticsTest.FixedSender(200))
            .failureListener(failure -> told.add(failure.id()))
            .build();

    assertThat(dispatcher.notifyFailures()).isEqualTo(1);
    assertThat(told).containsExactly(store.failure.id());
    assertThat(store.marked).containsExactly(store.failure.id());
  }

  @Test
  void aFailureListenerOnAStoreWithoutAFailureLedgerFailsTheBuild() {
    DispatcherBuilder builder =
        Dispatcher.builder(new EmptyStore(), new DispatcherSemanticsTest.FixedSender(200))
            .failureListener(failure -> {});

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("FailureLedger")
        .hasMessageContaining(EmptyStore.class.getName());
    assertThat(
            Dispatcher.builder(new EmptyStore(), new DispatcherSemanticsTest.FixedSender(200))
                .build()
                .notifyFailures())
        .as("without a listener there is nothing to tell")
        .isZero();
  }

  /** Counts the core calls and delegates everything, as a metrics decorator would. */
  static final class TimedStore implements OutboxStore {
    final OutboxStore delegate;
    final AtomicInteger calls = new AtomicInteger();

    TimedStore(OutboxStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public List<ClaimedDelivery> claimDue(String runner, int limit, Instant now, Instant until) {
      calls.incrementAndGet();
      return delegate.claimDue(runner, limit, now, until);
    }

    @Override
    public int recordOutcomes(String runner, List<AttemptOutcome> outcomes, Instant now) {
      calls.incrementAndGet();
      return delegate.recordOutcomes(runner, outcomes, now);
    }

    @Override
    public ExpiredLeases releaseExpiredLeases(Instant now, int maxLostLeases) {
      calls.incrementAndGet();
      return delegate.releaseExpiredLeases(now, maxLostLeases);
    }

    @Override
    public int releaseClaims(String runner, Collection<UUID> ids, Instant dueAt, Instant now) {
      calls.incrementAndGet();
      return delegate.releaseClaims(runner, ids, dueAt, now);
    }

    @Override
    public <C> Optional<C> capability(Class<C> type) {
      return type.isInstance(this) ? Optional.of(type.cast(this)) : delegate.capability(type);
    }
  }

  /** One failed delivery, handed out once, and the ids marked notified. */
  static final class LedgerStore extends EmptyStore implements FailureLedger {
    final FailedDelivery failure =
        new FailedDelivery(
            UUID.randomUUID(),
            "https://example.com/hooks",
            "completed",
            null,
            "{}",
            8,
            503,
            "gave up",
            Deliveries.NOW,
            Deliveries.NOW);
    final List<UUID> marked = new ArrayList<>();

    @Override
    public List<FailedDelivery> claimUnnotifiedFailures(
        String runnerId, int limit, Instant now, Instant leaseUntil, Instant failedSince) {
      return marked.isEmpty() ? List.of(failure) : List.of();
    }

    @Override
    public int markFailuresNotified(String runnerId, Collection<UUID> ids, Instant now) {
      marked.addAll(ids);
      return ids.size();
    }
  }
}
