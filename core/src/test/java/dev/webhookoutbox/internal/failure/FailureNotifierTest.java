package dev.webhookoutbox.internal.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.spi.FailedDelivery;
import dev.webhookoutbox.spi.FailureLedger;
import dev.webhookoutbox.testing.EmptyStore;
import dev.webhookoutbox.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FailureNotifierTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  final SettableClock clock = new SettableClock(T0);
  final FakeStore store = new FakeStore();
  static final Duration LEASE = Duration.ofSeconds(30);

  @Test
  void eachFailureIsNotifiedOnceAndMarked() throws Exception {
    FailedDelivery a = store.fail(T0);
    FailedDelivery b = store.fail(T0);
    List<UUID> calls = new ArrayList<>();
    FailureNotifier notifier =
        new FailureNotifier(
            store, f -> calls.add(f.id()), "r1", clock, 100, LEASE, Duration.ofDays(7));

    assertThat(notifier.notifyPending()).isEqualTo(2);
    assertThat(notifier.notifyPending()).isZero();
    clock.advance(Duration.ofMinutes(5));
    assertThat(notifier.notifyPending()).isZero();

    assertThat(calls).containsExactly(a.id(), b.id());
    assertThat(store.notified).containsKeys(a.id(), b.id());
  }

  @Test
  void aListenerThatThrowsIsCalledAgainAfterTheLeaseAndDoesNotHoldBackOthers() {
    FailedDelivery bad = store.fail(T0);
    FailedDelivery good = store.fail(T0);
    List<UUID> calls = new ArrayList<>();
    FailureNotifier notifier =
        new FailureNotifier(
            store,
            f -> {
              calls.add(f.id());
              if (f.id().equals(bad.id()) && calls.size() == 1) {
                throw new IllegalStateException("billing is down");
              }
            },
            "r1",
            clock,
            100,
            LEASE,
            Duration.ofDays(7));

    assertThat(notifier.notifyPending()).isEqualTo(1);
    assertThat(store.notified).containsOnlyKeys(good.id());
    assertThat(notifier.notifyPending()).isZero(); // still leased
    clock.advance(Duration.ofSeconds(31));
    assertThat(notifier.notifyPending()).isEqualTo(1);

    assertThat(calls).containsExactly(bad.id(), good.id(), bad.id());
    assertThat(store.notified).containsOnlyKeys(good.id(), bad.id());
  }

  @Test
  void anotherRunnerTakesOverAFailureWhoseRunnerDiedBeforeMarkingIt() {
    FailedDelivery failure = store.fail(T0);
    FailureNotifier dying =
        new FailureNotifier(
            store,
            f -> {
              throw new InterruptedException("process killed");
            },
            "r1",
            clock,
            100,
            LEASE,
            Duration.ofDays(7));
    assertThat(dying.notifyPending()).isZero();
    Thread.interrupted();

    List<UUID> calls = new ArrayList<>();
    FailureNotifier survivor =
        new FailureNotifier(
            store, f -> calls.add(f.id()), "r2", clock, 100, LEASE, Duration.ofDays(7));
    assertThat(survivor.notifyPending()).isZero();
    clock.advance(Duration.ofSeconds(31));
    assertThat(survivor.notifyPending()).isEqualTo(1);
    assertThat(calls).containsExactly(failure.id());
  }

  /** Failures with leases, like the SQL store keeps them. */
  static final class FakeStore extends EmptyStore implements FailureLedger {
    final Map<UUID, FailedDelivery> failed = new LinkedHashMap<>();
    final Map<UUID, String> leaseOwner = new LinkedHashMap<>();
    final Map<UUID, Instant> leaseUntil = new LinkedHashMap<>();
    final Map<UUID, Instant> notified = new LinkedHashMap<>();

    FailedDelivery fail(Instant at) {
      FailedDelivery f =
          new FailedDelivery(
              UUID.randomUUID(),
              "https://x.test/",
              "completed",
              "p",
              "{}",
              3,
              503,
              "gave up",
              at,
              at);
      failed.put(f.id(), f);
      return f;
    }

    @Override
    public synchronized List<FailedDelivery> claimUnnotifiedFailures(
        String runnerId, int limit, Instant now, Instant until, Instant failedSince) {
      List<FailedDelivery> claimed = new ArrayList<>();
      for (FailedDelivery f : failed.values()) {
        Instant lease = leaseUntil.get(f.id());
        if (!notified.containsKey(f.id())
            && !f.failedAt().isBefore(failedSince)
            && (lease == null || lease.isBefore(now))
            && claimed.size() < limit) {
          leaseOwner.put(f.id(), runnerId);
          leaseUntil.put(f.id(), until);
          claimed.add(f);
        }
      }
      return claimed;
    }

    @Override
    public synchronized int markFailuresNotified(
        String runnerId, Collection<UUID> ids, Instant now) {
      int marked = 0;
      for (UUID id : ids) {
        if (runnerId.equals(leaseOwner.get(id))) {
          notified.put(id, now);
          leaseOwner.remove(id);
          leaseUntil.remove(id);
          marked++;
        }
      }
      return marked;
    }
  }
}
