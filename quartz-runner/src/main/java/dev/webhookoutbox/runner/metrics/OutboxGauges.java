package dev.webhookoutbox.runner.metrics;

import dev.webhookoutbox.jdbc.OutboxMaintenance;
import dev.webhookoutbox.jdbc.OutboxStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of the whole outbox (all runners), read from {@link OutboxMaintenance#status()} on a
 * schedule rather than at every scrape, so a scrape never waits for the database:
 *
 * <ul>
 *   <li>{@code webhook.outbox.pending}: deliveries waiting, due or not
 *   <li>{@code webhook.outbox.due}: pending deliveries already due (the backlog)
 *   <li>{@code webhook.outbox.in_flight}: claimed by any runner
 *   <li>{@code webhook.outbox.failed.last_hour}: failed for good in the last hour
 *   <li>{@code webhook.outbox.oldest_due.age}: seconds the oldest due delivery has waited
 * </ul>
 *
 * Until the first read succeeds, and after a failed read, the gauges report NaN.
 */
public final class OutboxGauges implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OutboxGauges.class);

  private final OutboxMaintenance maintenance;
  private final AtomicReference<OutboxStatus> latest = new AtomicReference<>();
  private final ScheduledExecutorService refresher;

  OutboxGauges(MeterRegistry registry, OutboxMaintenance maintenance, Duration every) {
    this.maintenance = maintenance;
    gauge(
        registry, "webhook.outbox.pending", "Deliveries waiting for an attempt", s -> s.pending());
    gauge(registry, "webhook.outbox.due", "Pending deliveries already due", s -> s.due());
    gauge(
        registry,
        "webhook.outbox.in_flight",
        "Deliveries claimed by any runner",
        s -> s.inFlight());
    gauge(
        registry,
        "webhook.outbox.failed.last_hour",
        "Deliveries that failed for good in the last hour",
        s -> s.failedLastHour());
    TimeGauge.builder(
            "webhook.outbox.oldest_due.age",
            latest,
            TimeUnit.SECONDS,
            ref -> ref.get() == null ? Double.NaN : ref.get().oldestDueAge().toMillis() / 1000.0)
        .description("How long the oldest due delivery has waited")
        .register(registry);
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "webhook-metrics");
              thread.setDaemon(true);
              return thread;
            });
    refresher.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Reads the status now; the scheduler calls this every interval. */
  public synchronized void refresh() {
    try {
      latest.set(maintenance.status());
    } catch (RuntimeException e) {
      latest.set(null);
      log.warn("Could not read the outbox status for metrics: {}", e.getMessage());
    }
  }

  private void gauge(
      MeterRegistry registry, String name, String description, ToDoubleFunction<OutboxStatus> f) {
    Gauge.builder(name, latest, ref -> ref.get() == null ? Double.NaN : f.applyAsDouble(ref.get()))
        .description(description)
        .register(registry);
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
