package dev.webhookoutbox.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.dispatch.EndpointHealthSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerEndpointHealthConfigTest {

  @Test
  void defaultsDisableAfterFiveDays() {
    EndpointHealthSettings settings =
        RunnerProcess.endpointHealth(RunnerConfig.load(null, Map.of()));
    assertThat(settings).isEqualTo(EndpointHealthSettings.defaults());
    assertThat(settings.disableAfter()).isEqualTo(Duration.ofDays(5));
  }

  @Test
  void readsEveryKeyFromTheEnvironment() {
    EndpointHealthSettings settings =
        RunnerProcess.endpointHealth(
            RunnerConfig.load(
                null,
                Map.of(
                    "WEBHOOKS_ENDPOINT_AUTO_DISABLE", "false",
                    "WEBHOOKS_ENDPOINT_DISABLE_AFTER", "2d",
                    "WEBHOOKS_ENDPOINT_CHECK_INTERVAL", "10s",
                    "WEBHOOKS_ENDPOINT_REPORT_INTERVAL", "1m")));
    assertThat(settings)
        .isEqualTo(
            new EndpointHealthSettings(
                false, Duration.ofDays(2), Duration.ofSeconds(10), Duration.ofMinutes(1)));
  }

  @Test
  void aTooShortCheckIntervalNamesTheKey() {
    RunnerConfig config =
        RunnerConfig.load(null, Map.of("WEBHOOKS_ENDPOINT_CHECK_INTERVAL", "10ms"));
    assertThatThrownBy(() -> RunnerProcess.endpointHealth(config))
        .isInstanceOf(RunnerConfig.InvalidConfigException.class)
        .hasMessageContaining("webhooks.endpoint.check-interval");
  }
}
