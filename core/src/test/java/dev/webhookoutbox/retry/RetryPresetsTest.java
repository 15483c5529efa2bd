package dev.webhookoutbox.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.EventKind;
import org.junit.jupiter.api.Test;

class RetryPresetsTest {

  private final RetryPreset patient =
      RetryPreset.of("patient", RetryPolicy.builder().maxAttempts(20).build());

  @Test
  void rowsWithoutAPresetAndTheNameDefaultGetTheDefaultPreset() {
    RetryPresets presets = RetryPresets.builder().defaultPreset(RetryPreset.TERMINAL_ONLY).build();
    assertThat(presets.resolve(null)).isSameAs(RetryPreset.TERMINAL_ONLY);
    assertThat(presets.resolve("default")).isSameAs(RetryPreset.TERMINAL_ONLY);
    assertThat(presets.policyFor(null, EventKind.INTERMEDIATE).maxAttempts()).isEqualTo(1);
  }

  @Test
  void builtInsAndRegisteredPresetsAreFoundByName() {
    RetryPresets presets = RetryPresets.builder().register(patient).build();
    assertThat(presets.resolve("three-retries")).isSameAs(RetryPreset.THREE_RETRIES);
    assertThat(presets.resolve("day-long")).isSameAs(RetryPreset.DAY_LONG);
    assertThat(presets.resolve("patient")).isSameAs(patient);
    assertThat(presets.resolve(null)).isSameAs(RetryPreset.DEFAULT);
  }

  @Test
  void anUnknownNameFallsBackToTheDefault() {
    RetryPresets presets = RetryPresets.defaults();
    assertThat(presets.resolve("no-such-preset")).isSameAs(RetryPreset.DEFAULT);
    assertThat(presets.resolve("no-such-preset")).isSameAs(RetryPreset.DEFAULT);
  }
}
