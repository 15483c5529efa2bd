package dev.webhookoutbox.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.spi.ExpiredLeases;
import dev.webhookoutbox.testing.EmptyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dispatcher's lease recovery asks the store with the limit of its settings. */
class DispatcherLeasesTest {

  @Test
  void theDispatcherRecoversWithItsSettingsLimit() {
    List<Integer> asked = new ArrayList<>();
    EmptyStore store =
        new EmptyStore() {
          @Override
          public ExpiredLeases releaseExpiredLeases(Instant now, int maxLostLeases) {
            asked.add(maxLostLeases);
            return ExpiredLeases.NONE;
          }
        };
    Dispatcher dispatcher =
        Dispatcher.builder(store, DispatcherShutdownTest.answeringWith(null, null))
            .settings(DispatchSettings.defaults().withMaxLostLeases(7))
            .build();

    dispatcher.recoverExpiredLeases();

    assertThat(asked).containsExactly(7);
  }
}
