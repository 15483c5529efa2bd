package dev.webhookoutbox.it.support;

import dev.webhookoutbox.OutboxOptions;
import dev.webhookoutbox.dispatch.DispatchSettings;
import dev.webhookoutbox.retry.RetryPolicy;
import dev.webhookoutbox.runner.ClusterSettings;
import dev.webhookoutbox.runner.WebhookRunner;
import dev.webhookoutbox.runner.http.SenderSettings;
import dev.webhookoutbox.spi.OutboxStore;
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

  /**
   * The options of both sides in tests: loopback receivers allowed, three attempts 50 ms apart for
   * rows without a preset.
   */
  public static OutboxOptions options() {
    return OutboxOptions.builder()
        .urlPolicy(loopbackReceivers())
        .retryPolicy(fastRetries(3))
        .build();
  }

  /** {@link #options()} with another retry policy for rows without a preset. */
  public static OutboxOptions options(RetryPolicy retryPolicy) {
    return options().toBuilder().retryPolicy(retryPolicy).build();
  }

  public static SenderSettings shortTimeouts() {
    return SenderSettings.defaults()
        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
  }

  public static WebhookRunner.Builder fast(DataSource dataSource, String runnerId) {
    return tuned(WebhookRunner.builder(dataSource), runnerId);
  }

  /** As {@link #fast(DataSource, String)} on a store of the test's own, on that database. */
  public static WebhookRunner.Builder fast(
      OutboxStore store, DataSource dataSource, String runnerId) {
    return tuned(WebhookRunner.builder(store), runnerId)
        .cluster(ClusterSettings.defaults(), dataSource);
  }

  private static WebhookRunner.Builder tuned(WebhookRunner.Builder builder, String runnerId) {
    return builder
        .runnerId(runnerId)
        .options(options())
        .senderSettings(shortTimeouts())
        .dispatchSettings(
            DispatchSettings.defaults()
                .withLeaseDuration(Duration.ofSeconds(10))
                .withIdlePollInterval(Duration.ofMillis(20)))
        .shutdownDeadline(Duration.ofSeconds(3));
  }
}
