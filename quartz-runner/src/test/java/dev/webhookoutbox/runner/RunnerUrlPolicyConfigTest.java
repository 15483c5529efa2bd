package dev.webhookoutbox.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.runner.http.ResponseLimits;
import dev.webhookoutbox.runner.http.SenderSettings;
import dev.webhookoutbox.validation.UrlPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerUrlPolicyConfigTest {

  @Test
  void withNothingConfiguredTheRunnerIsStrict() {
    UrlPolicy policy = RunnerProcess.urlPolicy(RunnerConfig.load(null, Map.of()));
    assertThat(policy.allowsPlainHttp()).isFalse();
    assertThat(policy.ssrfGuardEnabled()).isTrue();
    assertThat(policy.allowlist()).isEmpty();
  }

  @Test
  void readsPlainHttpGuardAndAllowlistFromTheEnvironment() {
    RunnerConfig config =
        RunnerConfig.load(
            null,
            Map.of(
                "WEBHOOKS_HTTP_ALLOW_PLAIN_HTTP", "true",
                "WEBHOOKS_HTTP_SSRF_GUARD", "on",
                "WEBHOOKS_HTTP_ALLOWLIST", "127.0.0.0/8, hooks.corp.example,,*.svc.example",
                "WEBHOOKS_HTTP_MAX_EXCERPT_BYTES", "1024"));
    UrlPolicy policy = RunnerProcess.options(config).urlPolicy();
    assertThat(policy.allowsPlainHttp()).isTrue();
    assertThat(policy.allowlist())
        .containsExactlyInAnyOrder("127.0.0.0/8", "hooks.corp.example", "*.svc.example");
    assertThat(RunnerProcess.senderSettings(config).maxExcerptBytes()).isEqualTo(1024);
  }

  @Test
  void readsTheResponseLimits() {
    SenderSettings defaults = RunnerProcess.senderSettings(RunnerConfig.load(null, Map.of()));
    assertThat(defaults.responseLimits()).isEqualTo(ResponseLimits.defaults());
    RunnerConfig config =
        RunnerConfig.load(
            null,
            Map.of(
                "WEBHOOKS_HTTP_MAX_HEADER_LINE_BYTES", "16384",
                "WEBHOOKS_HTTP_MAX_HEADER_COUNT", "50",
                "WEBHOOKS_HTTP_MAX_BODY_BYTES", "8192"));
    assertThat(RunnerProcess.senderSettings(config).responseLimits())
        .isEqualTo(new ResponseLimits(16_384, 50, 8192));
  }

  @Test
  void aBodyLimitBelowTheExcerptNamesTheKey() {
    RunnerConfig config =
        RunnerConfig.load(
            null,
            Map.of(
                "WEBHOOKS_HTTP_MAX_EXCERPT_BYTES", "4096", "WEBHOOKS_HTTP_MAX_BODY_BYTES", "100"));
    assertThatThrownBy(() -> RunnerProcess.senderSettings(config))
        .isInstanceOf(RunnerConfig.InvalidConfigException.class)
        .hasMessageContaining("webhooks.http.max-body-bytes");
    RunnerConfig tooFew = RunnerConfig.load(null, Map.of("WEBHOOKS_HTTP_MAX_HEADER_COUNT", "0"));
    assertThatThrownBy(() -> RunnerProcess.senderSettings(tooFew))
        .isInstanceOf(RunnerConfig.InvalidConfigException.class)
        .hasMessageContaining("webhooks.http.max-header-count");
  }

  @Test
  void aMalformedAllowlistNamesTheKey() {
    RunnerConfig config = RunnerConfig.load(null, Map.of("WEBHOOKS_HTTP_ALLOWLIST", "10.0.0.0/33"));
    assertThatThrownBy(() -> RunnerProcess.urlPolicy(config))
        .isInstanceOf(RunnerConfig.InvalidConfigException.class)
        .hasMessageContaining("webhooks.http.allowlist")
        .hasMessageContaining("WEBHOOKS_HTTP_ALLOWLIST");
  }
}
