package dev.webhookoutbox.runner.http;

import dev.webhookoutbox.spi.FatalErrorHandler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The thread group of one sender's HTTP client, so that the death of its threads is noticed. The
 * minimal client takes no thread factory: its I/O reactor threads join the group of the thread that
 * creates the client, so the sender creates it on a thread of this group ({@link #inside}).
 *
 * <p>An I/O thread that dies of an error (HttpCore rethrows {@link Error}s, e.g. an {@link
 * OutOfMemoryError} while reading a response) reaches {@link #uncaughtException} at once. One that
 * ends otherwise (HttpCore only logs an exception that ends its event loop) is found by {@link
 * #reactorAlive()}, which the sender calls on every send and the deadline sweeper every sweep.
 * Either is reported once to the {@link FatalErrorHandler}: connections handed to a dead I/O thread
 * would never complete.
 */
final class ClientThreads extends ThreadGroup {

  /** How the minimal client names its I/O reactor threads. */
  private static final String REACTOR_PREFIX = "httpclient-dispatch";

  private final FatalErrorHandler fatal;
  private final int ioThreads;
  private final AtomicReference<List<Thread>> reactor = new AtomicReference<>(List.of());
  private final AtomicBoolean reported = new AtomicBoolean();
  private volatile boolean closing;

  ClientThreads(String name, int ioThreads, FatalErrorHandler fatal) {
    super(name);
    setDaemon(true); // destroyed with its last thread: a group per runner must not pile up
    this.ioThreads = ioThreads;
    this.fatal = fatal;
  }

  @Override
  public void uncaughtException(Thread thread, Throwable error) {
    if (!closing) {
      report("HTTP client thread " + thread.getName(), error);
    }
  }

  /** Runs {@code task} on a new thread of this group and returns its result. */
  <T> T inside(Supplier<T> task) {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread thread =
        new Thread(
            this,
            () -> {
              try {
                result.set(task.get());
              } catch (RuntimeException e) {
                failure.set(e);
              }
            },
            getName() + "-setup");
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the HTTP client", e);
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return result.get();
  }

  /**
   * Whether every I/O thread of the client still runs; reports the first one found ended. True
   * while the threads are still starting, and once the client is closing.
   */
  boolean reactorAlive() {
    if (closing || reported.get()) {
      return !reported.get();
    }
    List<Thread> threads = reactor.get();
    if (threads.isEmpty()) {
      threads = reactorThreads();
      if (threads.size() < ioThreads) {
        return true; // still starting; a thread that died meanwhile reported itself
      }
      reactor.compareAndSet(List.of(), threads);
    }
    for (Thread thread : threads) {
      if (!thread.isAlive() && !closing) {
        report(
            "HTTP client thread " + thread.getName(),
            new IllegalStateException(
                "the HTTP client's I/O thread "
                    + thread.getName()
                    + " ended; requests handed to it would never complete"));
        return false;
      }
    }
    return true;
  }

  /** The client is being closed: its threads end on purpose now. */
  void closing() {
    closing = true;
  }

  private List<Thread> reactorThreads() {
    Thread[] all = new Thread[activeCount() + 8];
    int n = enumerate(all, false);
    List<Thread> found = new ArrayList<>();
    for (Thread thread : Arrays.copyOf(all, n)) {
      if (thread.getName().startsWith(REACTOR_PREFIX)) {
        found.add(thread);
      }
    }
    return List.copyOf(found);
  }

  private void report(String component, Throwable error) {
    if (reported.compareAndSet(false, true)) {
      fatal.fatalError(component, error);
    }
  }
}
