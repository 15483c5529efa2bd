package dev.webhookoutbox.dispatch;

import dev.webhookoutbox.OutboxOptions;
import dev.webhookoutbox.internal.RunnerIds;
import dev.webhookoutbox.internal.Ticker;
import dev.webhookoutbox.spi.DeliveryFailureListener;
import dev.webhookoutbox.spi.DispatchObserver;
import dev.webhookoutbox.spi.EndpointListener;
import dev.webhookoutbox.spi.FailureLedger;
import dev.webhookoutbox.spi.FatalErrorHandler;
import dev.webhookoutbox.spi.OutboxStore;
import dev.webhookoutbox.spi.WebhookSender;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link Dispatcher}: {@code Dispatcher.builder(store, sender)…build()}. Only the store
 * and the sender are required; every setting has a default.
 */
public final class DispatcherBuilder {

  // The default fatal-error handler reports for the dispatcher as a whole, under its name.
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  final OutboxStore store;
  final WebhookSender sender;
  OutboxOptions options = OutboxOptions.defaults();
  OrderingSettings ordering = OrderingSettings.defaults();
  DispatchSettings settings = DispatchSettings.defaults();
  Clock clock = Clock.systemUTC();
  String runnerId = RunnerIds.generate();
  Duration shutdownDeadline = Duration.ofSeconds(10);
  EndpointSettings endpointSettings = EndpointSettings.defaults();
  EndpointHealthSettings endpointHealth = EndpointHealthSettings.defaults();
  DispatchObserver observer = DispatchObserver.NONE;
  FatalErrorHandler fatal =
      (component, error) -> log.error("{} hit a fatal error", component, error);
  Ticker ticker = Ticker.SYSTEM;
  DeliveryFailureListener failureListener;
  FailureNotificationSettings failureNotification = FailureNotificationSettings.defaults();
  EndpointListener endpointListener;

  DispatcherBuilder(OutboxStore store, WebhookSender sender) {
    this.store = Objects.requireNonNull(store, "store");
    this.sender = Objects.requireNonNull(sender, "sender");
  }

  /**
   * What the runner agrees on with the enqueuing side; the dispatch loop uses the retry presets and
   * the throttle window. Default {@link OutboxOptions#defaults()}.
   */
  public DispatcherBuilder options(OutboxOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    return this;
  }

  /** How each subject's deliveries are kept in order; default on. */
  public DispatcherBuilder ordering(OrderingSettings ordering) {
    this.ordering = Objects.requireNonNull(ordering, "ordering");
    return this;
  }

  public DispatcherBuilder settings(DispatchSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    return this;
  }

  public DispatcherBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Written to {@code lease_owner} and {@code webhook_attempt.runner_id}; unique per process. */
  public DispatcherBuilder runnerId(String runnerId) {
    if (runnerId == null || runnerId.isBlank() || runnerId.length() > 100) {
      throw new IllegalArgumentException("runnerId must be 1 to 100 non-blank characters");
    }
    this.runnerId = runnerId;
    return this;
  }

  /** How long {@link Dispatcher#close()} waits for in-flight POSTs before releasing their rows. */
  public DispatcherBuilder shutdownDeadline(Duration shutdownDeadline) {
    this.shutdownDeadline = Objects.requireNonNull(shutdownDeadline, "shutdownDeadline");
    return this;
  }

  /** Per-origin concurrency limit and circuit breaker. */
  public DispatcherBuilder endpointSettings(EndpointSettings endpointSettings) {
    this.endpointSettings = Objects.requireNonNull(endpointSettings, "endpointSettings");
    return this;
  }

  /** How endpoint health is reported; see {@link EndpointHealthSettings}. */
  public DispatcherBuilder endpointHealth(EndpointHealthSettings endpointHealth) {
    this.endpointHealth = Objects.requireNonNull(endpointHealth, "endpointHealth");
    return this;
  }

  /** Told about every recorded attempt and circuit change, e.g. to publish metrics. */
  public DispatcherBuilder observer(DispatchObserver observer) {
    this.observer = Objects.requireNonNull(observer, "observer");
    return this;
  }

  /**
   * Told when the recorder thread dies or the sender fails with a {@link VirtualMachineError};
   * default: logged at ERROR. The claim loop rethrows such errors to its caller.
   */
  public DispatcherBuilder fatalErrorHandler(FatalErrorHandler handler) {
    this.fatal = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * Called once a delivery failed for good, at least once per delivery, from {@link
   * Dispatcher#notifyFailures()}. Needs a store with the {@link FailureLedger} capability: {@link
   * #build()} fails without one.
   */
  public DispatcherBuilder failureListener(DeliveryFailureListener listener) {
    this.failureListener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** How the failure listener is called; see {@link FailureNotificationSettings}. */
  public DispatcherBuilder failureNotification(FailureNotificationSettings settings) {
    this.failureNotification = Objects.requireNonNull(settings, "settings");
    return this;
  }

  /**
   * Told when an endpoint is disabled, from {@link Dispatcher#maintainEndpoints()}; at least once
   * per disablement. Without one, disablements are only stored.
   */
  public DispatcherBuilder endpointListener(EndpointListener listener) {
    this.endpointListener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** The time source of the shutdown and recorder deadlines; tests drive it by hand. */
  DispatcherBuilder ticker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    return this;
  }

  /**
   * @throws IllegalStateException if a failure listener is set and the store has no {@link
   *     FailureLedger}: the listener would never be called
   */
  public Dispatcher build() {
    if (failureListener != null && store.capability(FailureLedger.class).isEmpty()) {
      throw new IllegalStateException(
          "a failure listener needs a store that records which failures it was told about; "
              + store.getClass().getName()
              + " has no FailureLedger capability (see OutboxStore.capability)");
    }
    return new Dispatcher(this);
  }
}
