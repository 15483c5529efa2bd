package dev.webhookoutbox.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.dispatch.DispatchSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerDispatchConfigTest {

  @Test
  void defaultsAreTheLibrarys() {
    assertThat(RunnerProcess.dispatch(RunnerConfig.load(null, Map.of())))
        .isEqualTo(DispatchSettings.defaults());
  }

  @Test
  void readsTheRecordLingerFromTheEnvironment() {
    DispatchSettings settings =
        RunnerProcess.dispatch(
            RunnerConfig.load(null, Map.of("WEBHOOKS_DISPATCH_RECORD_LINGER", "0ms")));
    assertThat(settings.recordLinger()).isEqualTo(Duration.ZERO);
  }

  @Test
  void aRecordLingerLongerThanASecondNamesTheKey() {
    RunnerConfig config = RunnerConfig.load(null, Map.of("WEBHOOKS_DISPATCH_RECORD_LINGER", "5s"));
    assertThatThrownBy(() -> RunnerProcess.dispatch(config))
        .isInstanceOf(RunnerConfig.InvalidConfigException.class)
        .hasMessageContaining("webhooks.dispatch.record-linger");
  }

  @Test
  void readsTheLostLeasesAfterWhichADeliveryIsPoisoned() {
    assertThat(DispatchSettings.defaults().maxLostLeases()).isEqualTo(3);
    DispatchSettings settings =
        RunnerProcess.dispatch(
            RunnerConfig.load(null, Map.of("WEBHOOKS_DISPATCH_MAX_LOST_LEASES", "5")));
    assertThat(settings.maxLostLeases()).isEqualTo(5);
  }

  @Test
  void noLostLeaseAtAllNamesTheKey() {
    RunnerConfig config = RunnerConfig.load(null, Map.of("WEBHOOKS_DISPATCH_MAX_LOST_LEASES", "0"));
    assertThatThrownBy(() -> RunnerProcess.dispatch(config))
        .isInstanceOf(RunnerConfig.InvalidConfigException.class)
        .hasMessageContaining("webhooks.dispatch.max-lost-leases");
  }
}
