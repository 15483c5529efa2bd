package dev.webhookoutbox.it.support;

import dev.webhookoutbox.dispatch.DispatchSettings;
import dev.webhookoutbox.retry.RetryPolicy;
import dev.webhookoutbox.runner.WebhookRunner;
import dev.webhookoutbox.runner.http.SenderSettings;
import dev.webhookoutbox.validation.UrlPolicy;
import java.time.Duration;
import javax.sql.DataSource;

/** Runners tuned for tests: retries after tens of milliseconds, timeouts of a few seconds. */
public final class TestRunners {

  private TestRunners() {}

  public static RetryPolicy fastRetries(int maxAttempts) {
    return RetryPolicy.builder()
        .maxAttempts(maxAttempts)
        .initialDelay(Duration.ofMillis(50))
        .multiplier(1.5)
        .jitter(0)
        .build();
  }

  /** Plain http and loopback allowed: the test receivers listen on http://127.0.0.1. */
  public static UrlPolicy loopbackReceivers() {
    return UrlPolicy.builder().allowPlainHttp(true).allowLoopback().build();
  }

  public static SenderSettings shortTimeouts() {
    return SenderSettings.defaults()
        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
  }

  public static WebhookRunner.Builder fast(DataSource dataSource, String runnerId) {
    return WebhookRunner.builder(dataSource)
        .runnerId(runnerId)
        .retryPolicy(fastRetries(3))
        .senderSettings(shortTimeouts())
        .urlPolicy(loopbackReceivers())
        .dispatchSettings(
            DispatchSettings.defaults()
                .withLeaseDuration(Duration.ofSeconds(10))
                .withIdlePollInterval(Duration.ofMillis(20)))
        .shutdownDeadline(Duration.ofSeconds(3));
  }
}
