package dev.webhookoutbox.internal.claim;

import static dev.webhookoutbox.testing.Deliveries.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.spi.ExpiredLeases;
import dev.webhookoutbox.testing.EmptyStore;
import dev.webhookoutbox.time.SettableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What lease recovery asks of the store and whom it wakes. */
class LeaseRecoveryTest {

  @Test
  void passesTheRunnersLimitAndWakesTheClaimLoopOnlyForRowsMadeDue() {
    UUID poisoned = UUID.randomUUID();
    ScriptedStore store = new ScriptedStore(new ExpiredLeases(0, List.of(poisoned)));
    AtomicInteger wakeUps = new AtomicInteger();
    LeaseRecovery recovery =
        new LeaseRecovery(store, new SettableClock(NOW), 4, wakeUps::incrementAndGet);

    assertThat(recovery.recover().poisoned()).containsExactly(poisoned);
    assertThat(store.asked).containsExactly(4);
    assertThat(wakeUps).as("nothing became due").hasValue(0);

    store.next = new ExpiredLeases(2, List.of());
    assertThat(recovery.recover().released()).isEqualTo(2);
    assertThat(wakeUps).hasValue(1);
  }

  /** Answers lease recovery as scripted and records the limit it was given. */
  static final class ScriptedStore extends EmptyStore {
    final List<Integer> asked = new ArrayList<>();
    ExpiredLeases next;

    ScriptedStore(ExpiredLeases next) {
      this.next = next;
    }

    @Override
    public ExpiredLeases releaseExpiredLeases(Instant now, int maxLostLeases) {
      asked.add(maxLostLeases);
      return next;
    }
  }
}
