package dev.webhookoutbox.bench;

import dev.webhookoutbox.OutboxOptions;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.WebhookRunner;
import dev.webhookoutbox.validation.UrlPolicy;
import java.util.Map;

/**
 * The benchmark's receivers are plain-HTTP endpoints on loopback, which a production URL policy
 * refuses: this is the one place that opts in.
 */
final class RunnerUrlPolicy {

  private static final OutboxOptions LOOPBACK =
      OutboxOptions.builder()
          .urlPolicy(UrlPolicy.builder().allowPlainHttp(true).allowLoopback().build())
          .build();

  private RunnerUrlPolicy() {}

  static WebhookRunner.Builder allowLoopback(WebhookRunner.Builder builder) {
    return builder.options(LOOPBACK);
  }

  static WebhookOutbox.Builder allowLoopback(WebhookOutbox.Builder builder) {
    return builder.options(LOOPBACK);
  }

  static Map<String, String> allowLoopbackEnv() {
    return Map.of(
        "WEBHOOKS_HTTP_ALLOW_PLAIN_HTTP", "true", "WEBHOOKS_HTTP_ALLOWLIST", "127.0.0.0/8");
  }
}
