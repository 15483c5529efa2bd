package dev.webhookoutbox.dispatch;

import dev.webhookoutbox.internal.RunnerIds;
import dev.webhookoutbox.spi.EndpointRegistry;
import dev.webhookoutbox.spi.ExpiredLeases;
import dev.webhookoutbox.spi.OutboxStore;
import dev.webhookoutbox.spi.SubjectOrderingStore;
import dev.webhookoutbox.spi.WebhookSender;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim → send → record loop of one runner.
 *
 * <p>One thread ({@link #runClaimLoop()}) claims due rows in batches ({@code internal.claim}) and
 * hands each to the async {@link WebhookSender} ({@code internal.send}); completions are decided by
 * the delivery's retry preset and queued for the recorder thread, which writes them in batches
 * ({@code internal.record}). Claimed deliveries that would overtake an older delivery of their
 * subject, or regress it, are held back or superseded first ({@code internal.order}). At most
 * {@code maxInFlight} deliveries are claimed and not yet recorded, so memory and the rows a crash
 * can strand are bounded.
 *
 * <p>Around the loop, the periodic work a runner schedules: {@link #recoverExpiredLeases()}, {@link
 * #refreshDisabledEndpoints()}, {@link #notifyFailures()} and {@link #maintainEndpoints()}. What
 * the store cannot do (see {@link OutboxStore#capability}) is off, as logged when it is built:
 * without {@link SubjectOrderingStore} every delivery is sent as claimed, without {@link
 * EndpointRegistry} no endpoint is disabled.
 *
 * <pre>{@code
 * Dispatcher dispatcher = Dispatcher.builder(store, sender).runnerId("node-1").build();
 * dispatcher.start();
 * executor.submit(dispatcher::runClaimLoop);
 * ...
 * dispatcher.close(); // stops claiming, waits for in-flight POSTs, releases the rest
 * }</pre>
 */
public final class Dispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  /** How long close() waits for outcomes that arrived by the deadline to be written. */
  private static final Duration FLUSH_AT_SHUTDOWN = Duration.ofSeconds(2);

  private final String runnerId;
  private final Duration shutdownDeadline;
  private final DispatchParts parts;
  private final AtomicBoolean started = new AtomicBoolean();

  Dispatcher(DispatcherBuilder b) {
    this.runnerId = b.runnerId;
    this.shutdownDeadline = b.shutdownDeadline;
    this.parts = new DispatchParts(b);
  }

  public static DispatcherBuilder builder(OutboxStore store, WebhookSender sender) {
    return new DispatcherBuilder(store, sender);
  }

  /**
   * A runner id that tells an admin which host and process claimed a row: {@code
   * <host>-<pid>-<random>}, e.g. {@code web-3-41822-9f2c}; what the builder uses unless given one.
   */
  public static String generateRunnerId() {
    return RunnerIds.generate();
  }

  /**
   * Starts the recorder thread and reads the disabled endpoints once, so that a fresh runner never
   * sends to one. Call once before {@link #runClaimLoop()}.
   */
  public void start() {
    if (started.compareAndSet(false, true)) {
      try {
        refreshDisabledEndpoints();
      } catch (RuntimeException e) {
        log.warn("Could not read the disabled endpoints; the next refresh tries again", e);
      }
      parts.recorder.start();
    }
  }

  /**
   * Re-reads which endpoints (URL origins) are disabled cluster-wide; call it every {@link
   * EndpointHealthSettings#checkInterval()}. Deliveries claimed for them are parked unsent.
   *
   * @return the disabled origins
   */
  public Set<String> refreshDisabledEndpoints() {
    if (parts.registry == null) {
      return Set.of();
    }
    Set<String> now = parts.registry.disabledOrigins();
    if (!now.equals(parts.health.disabled())) {
      log.info("Disabled endpoints now: {}", new TreeSet<>(now));
    }
    parts.health.disabled(now);
    return now;
  }

  /**
   * Claims and sends until {@link #close()} is called. Database errors are logged and retried with
   * backoff; the loop only returns on shutdown.
   */
  public void runClaimLoop() {
    if (!started.get()) {
      throw new IllegalStateException("call start() before runClaimLoop()");
    }
    parts.claimLoop.run();
  }

  /** Whether the claim loop is currently running on some thread. */
  public boolean isClaimLoopRunning() {
    return parts.claimLoop.isRunning();
  }

  /** Ends an idle wait early, e.g. right after an embedded enqueue committed. */
  public void wakeUp() {
    parts.signals.wakeUp();
  }

  /**
   * Makes rows whose lease expired (their runner died or hung) due again, and fails as poisoned
   * those whose claims ended that way {@link DispatchSettings#maxLostLeases()} times in a row: a
   * lease expires only when its runner died or hung, so a delivery whose claims keep ending that
   * way is what takes its runners down. They are reported to the failure listener, and an admin can
   * replay them.
   */
  public ExpiredLeases recoverExpiredLeases() {
    return parts.leases.recover();
  }

  /**
   * Calls the failure listener for every failure it was not told about yet (see {@link
   * DispatcherBuilder#failureListener}); on the caller's thread, one failure at a time. Call it
   * every {@link FailureNotificationSettings#pollInterval()}.
   *
   * @return how many failures the listener accepted; 0 without a listener
   */
  public int notifyFailures() {
    return parts.failures == null ? 0 : parts.failures.notifyPending();
  }

  /**
   * The cluster's endpoint work: disables endpoints that failed for longer than {@link
   * EndpointHealthSettings#disableAfter()}, tells the endpoint listener, and makes the parked
   * deliveries of endpoints enabled again due. One runner of a cluster calls it every {@link
   * EndpointHealthSettings#checkInterval()}; nothing happens when the store has no {@link
   * EndpointRegistry}.
   */
  public void maintainEndpoints() {
    if (parts.failingEndpoints != null) {
      parts.failingEndpoints.run();
    }
  }

  /** The disabled endpoints as this runner last read them. */
  public Set<String> disabledEndpoints() {
    return parts.health.disabled();
  }

  /** How many deliveries this runner has claimed and not yet recorded. */
  public int inFlight() {
    return parts.inFlight.size();
  }

  public String runnerId() {
    return runnerId;
  }

  /** Outcomes this dispatcher has recorded since it was built. */
  public Stats stats() {
    return new Stats(
        parts.reporting.delivered(),
        parts.reporting.retried(),
        parts.reporting.failed(),
        parts.returns.postponed(),
        parts.inFlight.size());
  }

  /**
   * Counters since start.
   *
   * @param delivered attempts that delivered their webhook
   * @param retried attempts that failed and scheduled a retry
   * @param failed attempts after which the delivery failed for good
   * @param postponed claimed deliveries given back unsent because their endpoint was busy or its
   *     circuit open
   * @param inFlight deliveries claimed and not yet recorded, now
   */
  public record Stats(long delivered, long retried, long failed, long postponed, int inFlight) {}

  /**
   * Stops claiming, waits up to the shutdown deadline for in-flight POSTs to be recorded, and gives
   * the remaining claimed rows back at once instead of leaving them until their lease expires.
   */
  @Override
  public void close() {
    parts.claimLoop.stop();
    // The whole deadline for the POSTs in flight (and a claim in progress): only what is still
    // unfinished when it passes goes back.
    parts.inFlight.awaitEmpty(shutdownDeadline);
    try {
      // Outcomes that arrived by the deadline are written before the rest is released: released
      // first, their rows would be due again and sent twice.
      parts.recorder.flush(FLUSH_AT_SHUTDOWN);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    parts.returns.releaseAtShutdown(parts.inFlight.remaining());
    try {
      parts.recorder.stop(FLUSH_AT_SHUTDOWN);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
