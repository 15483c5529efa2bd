package dev.webhookoutbox.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.ThrottleWindow;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerThrottleConfigTest {

  @Test
  void theDefaultIsTheLibrarys() {
    assertThat(RunnerProcess.throttleWindow(RunnerConfig.load(null, Map.of())))
        .isEqualTo(ThrottleWindow.defaults())
        .extracting(ThrottleWindow::duration)
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void readsTheWindowFromTheEnvironment() {
    RunnerConfig config = RunnerConfig.load(null, Map.of("WEBHOOKS_THROTTLE_WINDOW", "2s"));
    assertThat(RunnerProcess.throttleWindow(config).duration()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aWindowOutsideZeroToAnHourNamesTheKey() {
    RunnerConfig config = RunnerConfig.load(null, Map.of("WEBHOOKS_THROTTLE_WINDOW", "2h"));
    assertThatThrownBy(() -> RunnerProcess.throttleWindow(config))
        .isInstanceOf(RunnerConfig.InvalidConfigException.class)
        .hasMessageContaining("webhooks.throttle-window")
        .hasMessageContaining("between 0 and 1h");
  }
}
