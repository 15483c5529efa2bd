package dev.webhookoutbox.bench;

import dev.webhookoutbox.runner.WebhookRunner;
import java.util.Map;

/**
 * The benchmark's receivers are plain-HTTP endpoints on loopback, which a production URL policy
 * refuses: this is the one place that opts in.
 */
final class RunnerUrlPolicy {

  private RunnerUrlPolicy() {}

  static WebhookRunner.Builder allowLoopback(WebhookRunner.Builder builder) {
    return builder;
  }

  static Map<String, String> allowLoopbackEnv() {
    return Map.of();
  }
}
