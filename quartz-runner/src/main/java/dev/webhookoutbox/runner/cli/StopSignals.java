package dev.webhookoutbox.runner.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT into a stop request that the main thread waits for, so that {@code run}
 * shuts down on its own thread and exits 0. Left to the JVM, a signal runs the shutdown hooks and
 * exits 143 (or 130), which service managers report as a failure. A second signal during shutdown
 * halts at once.
 *
 * <p>Where the signals cannot be taken over (e.g. the JVM runs with {@code -Xrs}), a shutdown hook
 * does the same work and the JVM's exit status stands.
 *
 * <p>A fatal error of the runner ({@link #fatal}) is a stop request too, with exit status {@value
 * #EXIT_FATAL}: the runner closed itself and the process must end so that its supervisor restarts
 * it. If the shutdown does not finish within the hook's wait, the JVM is halted with that status.
 */
final class StopSignals {

  private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

  /** The exit status after a fatal error, as the JVM's {@code -XX:+ExitOnOutOfMemoryError} uses. */
  static final int EXIT_FATAL = 3;

  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicInteger signals = new AtomicInteger();
  private final AtomicReference<Throwable> fatal = new AtomicReference<>();
  private final Duration hookWait;

  private StopSignals(Duration hookWait) {
    this.hookWait = hookWait;
  }

  /**
   * Installs the handlers, and a shutdown hook that waits up to {@code hookWait} for the main
   * thread's shutdown when the JVM exits for another reason.
   */
  static StopSignals install(Duration hookWait) {
    StopSignals stop = new StopSignals(hookWait);
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), stop::signalled);
      } catch (IllegalArgumentException e) {
        log.warn("Cannot handle SIG{}; the JVM's shutdown hook stops the runner instead", name);
      }
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.requested.countDown();
                  try {
                    stop.finished.await(hookWait.toMillis(), TimeUnit.MILLISECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "webhook-runner-shutdown"));
    return stop;
  }

  private void signalled(sun.misc.Signal signal) {
    if (signals.incrementAndGet() > 1) {
      log.warn("Second SIG{} during shutdown: stopping at once", signal.getName());
      Runtime.getRuntime().halt(128 + signal.getNumber());
    }
    log.info("SIG{} received: shutting down", signal.getName());
    requested.countDown();
  }

  /**
   * The runner stopped on an error it cannot survive: ends the wait with {@link #EXIT_FATAL}, and
   * halts the JVM if the shutdown has not finished within the hook's wait (a thread stuck after an
   * {@link OutOfMemoryError} must not keep a zombie process alive).
   */
  void fatal(Throwable error) {
    if (!fatal.compareAndSet(null, error)) {
      return;
    }
    requested.countDown();
    try {
      Thread watchdog =
          new Thread(
              () -> {
                try {
                  if (!finished.await(hookWait.toMillis(), TimeUnit.MILLISECONDS)) {
                    Runtime.getRuntime().halt(EXIT_FATAL);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "webhook-runner-fatal-exit");
      watchdog.setDaemon(true);
      watchdog.start();
    } catch (Throwable noThread) {
      Runtime.getRuntime().halt(EXIT_FATAL); // cannot watch the shutdown: end now
    }
  }

  /**
   * The exit status of {@code run}: 0 after a stop request, {@link #EXIT_FATAL} after a fatal
   * error.
   */
  int exitStatus() {
    return fatal.get() == null ? 0 : EXIT_FATAL;
  }

  /** Blocks until a signal, the JVM's shutdown or a fatal error asks the runner to stop. */
  void awaitRequest() throws InterruptedException {
    requested.await();
  }

  /** The main thread has finished shutting down; a waiting shutdown hook may return. */
  void finished() {
    finished.countDown();
  }
}
