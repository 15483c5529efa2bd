package dev.webhookoutbox.runner;

import dev.webhookoutbox.spi.FatalErrorHandler;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The thread group of a runner's Quartz schedulers. Quartz takes no thread factory for its own
 * threads: the scheduler thread, its worker threads and the clustered store's check-in thread join
 * (a group below) the group of the thread that creates and starts the scheduler. Created on a
 * thread of this group ({@link #call}), a thread of theirs that dies of an uncaught error is
 * reported to the {@link FatalErrorHandler}: Quartz catches only exceptions in its scheduler
 * thread, and a dead one fires no job again, and a dead check-in thread lets the other runners take
 * over jobs this one still runs.
 */
final class RunnerThreads extends ThreadGroup {

  private final FatalErrorHandler fatal;
  private volatile boolean closing;

  RunnerThreads(String runnerId, FatalErrorHandler fatal) {
    super("webhook-runner-" + runnerId);
    setDaemon(true); // destroyed with its last thread: a group per runner must not pile up
    this.fatal = fatal;
  }

  @Override
  public void uncaughtException(Thread thread, Throwable error) {
    if (!closing) {
      fatal.fatalError("thread " + thread.getName(), error);
    }
  }

  /** Runs {@code task} on a new thread of this group, so that threads it creates join it. */
  <T> T call(Callable<T> task) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread thread =
        new Thread(
            this,
            () -> {
              try {
                result.set(task.call());
              } catch (Exception e) {
                failure.set(e);
              }
            },
            getName() + "-setup");
    thread.start();
    thread.join();
    if (failure.get() != null) {
      throw failure.get();
    }
    return result.get();
  }

  /** The runner is being closed: its threads end on purpose now. */
  void closing() {
    closing = true;
  }
}
