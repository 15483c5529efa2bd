package dev.webhookoutbox.internal.failure;

import dev.webhookoutbox.spi.EndpointDisabled;
import dev.webhookoutbox.spi.EndpointListener;
import dev.webhookoutbox.spi.EndpointRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic endpoint work of a cluster, run on one runner at a time: disable origins that failed
 * for too long, tell the {@link EndpointListener} about disablements (at least once each, like the
 * failure listener: leased while it runs, marked once it returned), and release the parked
 * deliveries of origins that were enabled again (also by plain SQL).
 *
 * <pre>{@code
 * FailingEndpoints endpoints = new FailingEndpoints(registry, true, Duration.ofDays(5), listener,
 *     clock);
 * endpoints.run(); // e.g. from a periodic job
 * }</pre>
 */
public final class FailingEndpoints {

  private static final Logger log = LoggerFactory.getLogger(FailingEndpoints.class);

  /** How long one runner holds a disablement while its listener runs. */
  static final Duration NOTIFY_LEASE = Duration.ofMinutes(5);

  private final EndpointRegistry registry;
  private final boolean autoDisable;
  private final Duration disableAfter;
  private final EndpointListener listener;
  private final Clock clock;

  /**
   * @param autoDisable whether failing origins are disabled at all
   * @param disableAfter how long an origin fails before it is disabled
   * @param listener told about disablements, or {@code null} to only store them
   */
  public FailingEndpoints(
      EndpointRegistry registry,
      boolean autoDisable,
      Duration disableAfter,
      EndpointListener listener,
      Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.autoDisable = autoDisable;
    this.disableAfter = Objects.requireNonNull(disableAfter, "disableAfter");
    this.listener = listener;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Disables failing origins, notifies the listener, releases the deliveries of enabled ones. */
  public void run() {
    if (autoDisable) {
      registry.disableFailingEndpoints(disableAfter, clock.instant());
    }
    if (listener != null) {
      notifyDisabled();
    }
    registry.releaseParkedDeliveries(clock.instant());
  }

  /**
   * Calls the listener once for each disablement it was not called for yet, and marks it notified
   * when it returns; one that throws is offered again after {@link #NOTIFY_LEASE}.
   *
   * @return how many calls returned normally
   */
  int notifyDisabled() {
    Instant now = clock.instant();
    int notified = 0;
    for (EndpointDisabled event :
        registry.claimUnnotifiedDisablements(now, now.plus(NOTIFY_LEASE))) {
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
      try {
        listener.disabled(event);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        log.warn(
            "The endpoint listener was interrupted for {}; it is called again later",
            event.origin());
        break;
      } catch (Exception e) {
        log.warn("The endpoint listener threw for {}; it is called again later", event.origin(), e);
        continue;
      }
      registry.markDisablementNotified(event);
      notified++;
    }
    return notified;
  }
}
