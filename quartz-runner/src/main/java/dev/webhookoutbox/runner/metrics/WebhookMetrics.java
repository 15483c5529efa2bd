package dev.webhookoutbox.runner.metrics;

import dev.webhookoutbox.DeliveryStatus;
import dev.webhookoutbox.jdbc.OutboxMaintenance;
import dev.webhookoutbox.runner.WebhookRunner;
import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.DispatchObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer meters for the outbox. Micrometer is an optional dependency of this module: only this
 * package uses it, and the runner works without it.
 *
 * <pre>{@code
 * WebhookMetrics metrics = new WebhookMetrics(meterRegistry);
 * WebhookRunner runner = WebhookRunner.builder(dataSource).observer(metrics).build();
 * metrics.bindRunner(runner);                                              // in flight
 * OutboxGauges gauges = metrics.bindOutbox(new OutboxMaintenance(dataSource), Duration.ofSeconds(15));
 * runner.start();
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code webhook.attempts}</td><td>counter</td><td>{@code outcome} (delivered,
 *       will_retry, failed), {@code status_class} (2xx … 5xx, or error)</td><td>POSTs recorded</td></tr>
 *   <tr><td>{@code webhook.attempt.duration}</td><td>timer</td><td>{@code outcome}</td><td>one
 *       POST, start to response</td></tr>
 *   <tr><td>{@code webhook.delivery.latency}</td><td>timer</td><td></td><td>enqueue to
 *       delivered</td></tr>
 *   <tr><td>{@code webhook.runner.in_flight}</td><td>gauge</td><td></td><td>claimed by this
 *       runner, not yet recorded</td></tr>
 *   <tr><td>{@code webhook.endpoint.circuit.open}</td><td>gauge</td><td>{@code origin}</td><td>1
 *       while this runner's circuit for the origin is open; only origins whose circuit ever opened
 *       (at most 1,000)</td></tr>
 *   <tr><td>{@code webhook.outbox.*}</td><td>gauges</td><td></td><td>see {@link
 *       OutboxGauges}</td></tr>
 * </table>
 */
public final class WebhookMetrics implements DispatchObserver {

  static final int MAX_CIRCUIT_ORIGINS = 1000;

  private final MeterRegistry registry;
  private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Timer latency;
  private final Map<String, AtomicInteger> circuits = new ConcurrentHashMap<>();

  public WebhookMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.latency =
        Timer.builder("webhook.delivery.latency")
            .description("From enqueue to the attempt that delivered")
            .publishPercentileHistogram()
            .register(registry);
  }

  /** Adds {@code webhook.runner.in_flight} for this runner. */
  public WebhookMetrics bindRunner(WebhookRunner runner) {
    Gauge.builder("webhook.runner.in_flight", runner, r -> r.stats().inFlight())
        .description("Deliveries claimed by this runner and not yet recorded")
        .register(registry);
    return this;
  }

  /**
   * Adds the {@code webhook.outbox.*} gauges, refreshed by one cheap query every {@code every}.
   * Close the returned gauges when the runner stops.
   */
  public OutboxGauges bindOutbox(OutboxMaintenance maintenance, Duration every) {
    return new OutboxGauges(registry, maintenance, every);
  }

  @Override
  public void attemptRecorded(ClaimedDelivery delivery, AttemptOutcome outcome, Instant at) {
    String result = outcomeTag(outcome.newStatus());
    String statusClass = statusClass(outcome.result());
    attempts
        .computeIfAbsent(
            result + "/" + statusClass,
            k ->
                Counter.builder("webhook.attempts")
                    .description("Webhook POSTs recorded, by outcome")
                    .tag("outcome", result)
                    .tag("status_class", statusClass)
                    .register(registry))
        .increment();
    durations
        .computeIfAbsent(
            result,
            k ->
                Timer.builder("webhook.attempt.duration")
                    .description("One POST, from start to the response or the error")
                    .tag("outcome", result)
                    .publishPercentileHistogram()
                    .register(registry))
        .record(outcome.result().duration());
    if (outcome.newStatus() == DeliveryStatus.DELIVERED) {
      Duration sinceEnqueue = Duration.between(delivery.createdAt(), at);
      latency.record(sinceEnqueue.isNegative() ? Duration.ZERO : sinceEnqueue);
    }
  }

  @Override
  public void circuitChanged(String origin, boolean open, Instant at) {
    AtomicInteger state = circuits.get(origin);
    if (state == null) {
      if (!open || circuits.size() >= MAX_CIRCUIT_ORIGINS) {
        return;
      }
      state =
          circuits.computeIfAbsent(
              origin,
              o -> {
                AtomicInteger value = new AtomicInteger();
                Gauge.builder("webhook.endpoint.circuit.open", value, AtomicInteger::get)
                    .description("1 while this runner postpones the origin's deliveries")
                    .tag("origin", o)
                    .register(registry);
                return value;
              });
    }
    state.set(open ? 1 : 0);
  }

  private static String outcomeTag(DeliveryStatus status) {
    return switch (status) {
      case DELIVERED -> "delivered";
      case PENDING -> "will_retry";
      default -> "failed";
    };
  }

  private static String statusClass(AttemptResult result) {
    Integer code = result.statusCode();
    if (code == null) {
      return "error";
    }
    return (code / 100) + "xx";
  }

  @Override
  public String toString() {
    return "WebhookMetrics[" + registry.getClass().getSimpleName() + "]";
  }
}
