package dev.webhookoutbox.dispatch;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * How the claim loop, the recorder thread and {@link Dispatcher#close()} wake each other. The claim
 * loop pauses between claims until its pause ends or it is woken: by an enqueue, by released
 * leases, by the recorder freeing slots it waits for, or by shutdown. {@code close()} waits until
 * nothing is claimed any more.
 */
final class ClaimLoopSignals {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private final Condition drained = lock.newCondition();
  private boolean wakeRequested;
  private volatile boolean waitingForSlots;
  private volatile boolean stopping;

  /** Whether shutdown began (or the claim loop was interrupted): claim nothing more. */
  boolean stopping() {
    return stopping;
  }

  /** Begins shutdown and ends the claim loop's pause. */
  void stop() {
    stopping = true;
    wakeUp();
  }

  /** Ends the claim loop's current (or next) pause early. */
  void wakeUp() {
    lock.lock();
    try {
      wakeRequested = true;
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Set by the claim loop when it pauses because too few slots are free, so that the recorder wakes
   * it as soon as it frees some instead of at the end of the pause.
   */
  void waitingForSlots(boolean waiting) {
    waitingForSlots = waiting;
  }

  /**
   * Called by the recorder after it freed slots: wakes the claim loop if it waits for them, and
   * {@code close()} once shutdown began and nothing is claimed any more.
   */
  void slotsFreed(BooleanSupplier nothingClaimed) {
    if (waitingForSlots || (stopping && nothingClaimed.getAsBoolean())) {
      lock.lock();
      try {
        wakeRequested = true;
        wakeUp.signalAll();
        drained.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** The claim loop's pause: until the timeout, a wake-up or shutdown. */
  void awaitWakeUp(Duration timeout) {
    lock.lock();
    try {
      long nanos = timeout.toNanos();
      while (!wakeRequested && !stopping && nanos > 0) {
        nanos = wakeUp.awaitNanos(nanos);
      }
      wakeRequested = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to the deadline while {@code busy} holds. Looks again every 50 ms: the claim loop
   * ending does not signal.
   */
  void awaitDrained(Duration deadline, BooleanSupplier busy) {
    long nanos = deadline.toNanos();
    lock.lock();
    try {
      while (busy.getAsBoolean() && nanos > 0) {
        nanos = drained.awaitNanos(Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }
}
