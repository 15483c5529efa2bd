package dev.webhookoutbox.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    SenderSettings settings = RunnerProcess.senderSettings(config);
    assertThat(settings.urlPolicy().allowsPlainHttp()).isTrue();
    assertThat(settings.urlPolicy().allowlist())
        .containsExactlyInAnyOrder("127.0.0.0/8", "hooks.corp.example", "*.svc.example");
    assertThat(settings.maxExcerptBytes()).isEqualTo(1024);
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
