package dev.webhookoutbox.runner;

import dev.webhookoutbox.spi.FatalErrorHandler;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link WebhookRunner} does when one of its parts reports an error it cannot survive: the
 * first report is logged at ERROR, the runner is closed on a thread of its own (the reporting
 * thread may be one that closing waits for, such as an HTTP I/O thread), and then the host's
 * handler is told. Later reports are dropped: one failure is often noticed by several parts.
 */
final class FatalErrors implements FatalErrorHandler {

  // The runner's logger: log configurations name it.
  private static final Logger log = LoggerFactory.getLogger(WebhookRunner.class);

  private final String runnerId;
  private final Runnable closeRunner;
  private final FatalErrorHandler host;
  private final AtomicReference<Throwable> first = new AtomicReference<>();

  /**
   * @param host told once the runner is closed; {@code null} for none
   */
  FatalErrors(String runnerId, Runnable closeRunner, FatalErrorHandler host) {
    this.runnerId = runnerId;
    this.closeRunner = closeRunner;
    this.host = host;
  }

  @Override
  public void fatalError(String component, Throwable error) {
    if (!first.compareAndSet(null, error)) {
      return;
    }
    try {
      log.error(
          "Webhook runner {} stops: {} hit an error it cannot survive; closing the runner",
          runnerId,
          component,
          error);
    } catch (Throwable logFailed) {
      // Out of memory, logging may fail too; closing matters more.
    }
    Runnable stop = () -> closeAndTell(component, error);
    try {
      Thread closer = new Thread(stop, "webhook-runner-fatal-" + runnerId);
      closer.setDaemon(true);
      closer.start();
    } catch (Throwable noThread) {
      stop.run(); // no thread to be had: close on this one, as far as it gets
    }
  }

  /** The error that stopped the runner, if one did. */
  Optional<Throwable> error() {
    return Optional.ofNullable(first.get());
  }

  private void closeAndTell(String component, Throwable error) {
    try {
      closeRunner.run();
    } catch (Throwable e) {
      error.addSuppressed(e);
    } finally {
      if (host != null) {
        try {
          host.fatalError(component, error);
        } catch (RuntimeException e) {
          log.warn("The fatal error handler of runner {} threw", runnerId, e);
        }
      }
    }
  }
}
