package dev.webhookoutbox.internal.claim;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How the claim loop is woken. It pauses between claims until its pause ends or it is woken: by an
 * enqueue, by released leases, by the recorder freeing slots it waits for, or by shutdown. (What
 * {@code Dispatcher.close()} waits for is the {@link InFlight} ledger's business.)
 */
public final class ClaimLoopSignals {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
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
  public void wakeUp() {
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

  /** Called by the recorder after it freed slots: wakes the claim loop if it waits for them. */
  public void slotsFreed() {
    if (waitingForSlots) {
      wakeUp();
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
}
