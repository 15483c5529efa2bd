package dev.webhookoutbox.bench;

import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.DispatchObserver;
import dev.webhookoutbox.spi.OutboxStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a delivery's time goes, printed to stderr every second when {@code WEBHOOKS_BENCH_TRACE} is
 * set: attempts recorded, mean HTTP exchange time and mean wait from response to recorded.
 */
final class TraceObserver implements DispatchObserver, AutoCloseable {

  private final LongAdder recorded = new LongAdder();
  private final LongAdder httpMicros = new LongAdder();
  private final LongAdder recordLagMicros = new LongAdder();
  private final java.util.Map<String, LongAdder[]> storeCalls =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor();

  TraceObserver() {
    printer.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
  }

  static boolean enabled() {
    return System.getenv("WEBHOOKS_BENCH_TRACE") != null;
  }

  /**
   * The store, timing each call by method name, its capabilities included: the proxy implements
   * every interface of the store, and answers a capability lookup with itself.
   */
  OutboxStore timed(OutboxStore store) {
    return (OutboxStore)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            store.getClass().getInterfaces(),
            (proxy, method, args) -> {
              if (method.getName().equals("capability")) {
                Class<?> type = (Class<?>) args[0];
                return type.isInstance(proxy) ? Optional.of(proxy) : store.capability(type);
              }
              long start = System.nanoTime();
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                // A proxy throws what the target threw; the reflective wrapper is not a cause.
                throw e.getCause();
              } finally {
                LongAdder[] stat =
                    storeCalls.computeIfAbsent(
                        method.getName(), k -> new LongAdder[] {new LongAdder(), new LongAdder()});
                stat[0].increment();
                stat[1].add((System.nanoTime() - start) / 1000);
              }
            });
  }

  @Override
  public void attemptRecorded(ClaimedDelivery delivery, AttemptOutcome outcome, Instant at) {
    recorded.increment();
    Duration http = outcome.result().duration();
    httpMicros.add(http.toNanos() / 1000);
    Instant answered = outcome.result().startedAt().plus(http);
    recordLagMicros.add(Duration.between(answered, at).toNanos() / 1000);
  }

  private void print() {
    long n = recorded.sumThenReset();
    long http = httpMicros.sumThenReset();
    long lag = recordLagMicros.sumThenReset();
    if (n > 0) {
      StringBuilder calls = new StringBuilder();
      storeCalls.forEach(
          (name, stat) -> {
            long count = stat[0].sumThenReset();
            long micros = stat[1].sumThenReset();
            if (count > 0) {
              calls.append(String.format(" %s %dx%.1fms", name, count, micros / 1000.0 / count));
            }
          });
      System.err.printf(
          "trace: %d/s http %.1f ms record-lag %.1f ms%s%n",
          n, http / 1000.0 / n, lag / 1000.0 / n, calls);
    }
  }

  @Override
  public void close() {
    printer.shutdownNow();
  }
}
