package dev.webhookoutbox.spi;

import java.time.Instant;

/**
 * Told what the dispatch loop does, for metrics and monitoring; e.g. the Micrometer binder of the
 * quartz-runner module. Every method has an empty default, so an observer implements what it needs.
 *
 * <p>Methods are called on the loop's own threads (the recorder, the HTTP client's completion
 * threads): they must be quick, must not block and must not throw; an exception is logged and
 * otherwise ignored. They never see signing keys.
 *
 * <pre>{@code
 * Dispatcher.builder(store, sender).observer(new DispatchObserver() {
 *   public void attemptRecorded(ClaimedDelivery delivery, AttemptOutcome outcome, Instant at) {
 *     attempts.increment(outcome.newStatus());
 *   }
 * });
 * }</pre>
 */
public interface DispatchObserver {

  /** Does nothing. */
  DispatchObserver NONE = new DispatchObserver() {};

  /**
   * An attempt and its outcome were written to the store.
   *
   * @param delivery the delivery as it was claimed; {@link ClaimedDelivery#createdAt()} gives the
   *     enqueue-to-delivered latency when {@code outcome.newStatus()} is {@code DELIVERED}
   * @param outcome the attempt's result (status code or error, start and duration) and the
   *     delivery's new status
   * @param recordedAt when the outcome was written
   */
  default void attemptRecorded(
      ClaimedDelivery delivery, AttemptOutcome outcome, Instant recordedAt) {}

  /**
   * The circuit breaker of a URL origin ({@code scheme://host:port}) opened (its deliveries are
   * postponed) or closed again (a probe succeeded).
   */
  default void circuitChanged(String origin, boolean open, Instant at) {}
}
