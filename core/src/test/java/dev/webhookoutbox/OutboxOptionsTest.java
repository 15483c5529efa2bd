package dev.webhookoutbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.retry.RetryPolicy;
import dev.webhookoutbox.retry.RetryPreset;
import dev.webhookoutbox.signing.SecretCipher;
import dev.webhookoutbox.validation.UrlPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxOptionsTest {

  @Test
  void defaultsAreStrictWithTheBuiltInPresetsAndNoCipher() {
    OutboxOptions defaults = OutboxOptions.defaults();

    assertThat(defaults.urlPolicy().allowsPlainHttp()).isFalse();
    assertThat(defaults.eventTypes()).isEqualTo(EventTypes.defaults());
    assertThat(defaults.throttleWindow()).isEqualTo(ThrottleWindow.defaults());
    assertThat(defaults.retryPresets().defaultPreset()).isEqualTo(RetryPreset.DEFAULT);
    assertThat(defaults.retryPresets().resolve("terminal-only"))
        .isEqualTo(RetryPreset.TERMINAL_ONLY);
    assertThat(defaults.secretCipher()).isNull();
    assertThat(defaults.maxPayloadBytes()).isEqualTo(256 * 1024);
  }

  @Test
  void theDefaultPresetIsWhatRowsWithoutAPresetGetAndCustomPresetsAreKnownByName() {
    RetryPreset patient = RetryPreset.of("patient", RetryPolicy.builder().maxAttempts(20).build());
    OutboxOptions options =
        OutboxOptions.builder()
            .defaultRetryPreset(RetryPreset.DAY_LONG)
            .registerRetryPreset(patient)
            .build();

    assertThat(options.retryPresets().resolve(null)).isEqualTo(RetryPreset.DAY_LONG);
    assertThat(options.retryPresets().resolve("patient")).isEqualTo(patient);
    assertThat(options.retryPresets().resolve("default")).isEqualTo(RetryPreset.DAY_LONG);

    RetryPolicy quick = RetryPolicy.builder().maxAttempts(2).build();
    OutboxOptions withPolicy = OutboxOptions.builder().retryPolicy(quick).build();
    assertThat(withPolicy.retryPresets().defaultPreset().name()).isEqualTo("default");
  }

  @Test
  void toBuilderDerivesAVariantAndLeavesTheOriginalAlone() {
    SecretCipher cipher = SecretCipher.fromBase64Key(SecretCipher.generateKey());
    RetryPreset patient = RetryPreset.of("patient", RetryPolicy.builder().maxAttempts(20).build());
    OutboxOptions base =
        OutboxOptions.builder().secretCipher(cipher).registerRetryPreset(patient).build();
    UrlPolicy loopback = UrlPolicy.builder().allowPlainHttp(true).allowLoopback().build();

    OutboxOptions variant =
        base.toBuilder()
            .urlPolicy(loopback)
            .throttleWindow(ThrottleWindow.of(Duration.ofSeconds(2)))
            .build();

    assertThat(variant.secretCipher()).isSameAs(cipher);
    assertThat(variant.retryPresets().resolve("patient")).isEqualTo(patient);
    assertThat(variant.urlPolicy()).isSameAs(loopback);
    assertThat(base.urlPolicy()).isNotSameAs(loopback);
    assertThat(base.throttleWindow()).isEqualTo(ThrottleWindow.defaults());
  }

  @Test
  void outOfRangeValuesAreRefusedWhenBuilt() {
    assertThatThrownBy(() -> OutboxOptions.builder().maxPayloadBytes(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPayloadBytes must be at least 2, was 1");
    assertThatThrownBy(() -> OutboxOptions.builder().urlPolicy(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void theCipherKeyNeverShowsInTheOptionsText() {
    String key = SecretCipher.generateKey();
    OutboxOptions options =
        OutboxOptions.builder().secretCipher(SecretCipher.fromBase64Key(key)).build();

    assertThat(options.toString()).doesNotContain(key);
  }
}
