package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.dispatch.EndpointSettings;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.OutboxMaintenance;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.WebhookRunner;
import dev.webhookoutbox.runner.metrics.OutboxGauges;
import dev.webhookoutbox.runner.metrics.WebhookMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Micrometer binder fed by a real runner: attempts, latency, circuit and outbox gauges. */
class WebhookMetricsIT {

  @Test
  void attemptsLatencyCircuitsAndBacklogAreMeasured() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WebhookMetrics metrics = new WebhookMetrics(registry);
    try (TestDatabase db = TestDatabase.h2();
        TestReceiver ok = new TestReceiver();
        TestReceiver down = new TestReceiver().respondWith(request -> 503);
        OutboxGauges gauges =
            metrics.bindOutbox(new OutboxMaintenance(db.dataSource()), Duration.ofHours(1))) {
      WebhookOutbox.builder()
          .options(TestRunners.options())
          .build()
          .enqueueAllWithoutTransaction(
              db.dataSource(),
              List.of(request(ok.url("/a")), request(ok.url("/b")), request(down.url("/c"))));
      gauges.refresh();
      assertThat(registry.get("webhook.outbox.pending").gauge().value()).isEqualTo(3);
      assertThat(registry.get("webhook.outbox.due").gauge().value()).isEqualTo(3);
      assertThat(registry.get("webhook.outbox.oldest_due.age").timeGauge().value(TimeUnit.SECONDS))
          .isGreaterThanOrEqualTo(0);

      try (WebhookRunner runner =
          TestRunners.fast(db.dataSource(), "metered")
              .observer(metrics)
              .endpointSettings(
                  new EndpointSettings(10, Duration.ofMillis(100), 1, Duration.ofMinutes(5)))
              .build()) {
        metrics.bindRunner(runner);
        runner.start();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    count(registry, "delivered", "2xx") == 2
                        && count(registry, "will_retry", "5xx") >= 1);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    registry.find("webhook.endpoint.circuit.open").gauge() != null
                        && registry.get("webhook.endpoint.circuit.open").gauge().value() == 1);
        assertThat(registry.get("webhook.endpoint.circuit.open").gauge().getId().getTag("origin"))
            .isEqualTo(down.url(""));
        assertThat(registry.get("webhook.delivery.latency").timer().count()).isEqualTo(2);
        assertThat(
                registry
                    .get("webhook.attempt.duration")
                    .tag("outcome", "delivered")
                    .timer()
                    .count())
            .isEqualTo(2);
        assertThat(registry.get("webhook.runner.in_flight").gauge().value())
            .isGreaterThanOrEqualTo(0);
      }
      gauges.refresh();
      assertThat(registry.get("webhook.outbox.pending").gauge().value()).isEqualTo(1);
      assertThat(registry.get("webhook.outbox.in_flight").gauge().value()).isZero();
    }
  }

  private static double count(SimpleMeterRegistry registry, String outcome, String statusClass) {
    var counter =
        registry
            .find("webhook.attempts")
            .tag("outcome", outcome)
            .tag("status_class", statusClass)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private static WebhookRequest request(String url) {
    return WebhookRequest.builder(url, "completed").payload("{}").build();
  }
}
