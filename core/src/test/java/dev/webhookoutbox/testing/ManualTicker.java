package dev.webhookoutbox.testing;

import dev.webhookoutbox.internal.Ticker;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} whose time moves only when a test advances it: a deadline passes when the test
 * says so, not after real waiting. Threads waiting on a deadline look at it again every
 * millisecond.
 */
public final class ManualTicker implements Ticker {

  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final AtomicLong now = new AtomicLong();
  private final Semaphore waits = new Semaphore(0);

  @Override
  public long nanoTime() {
    return now.get();
  }

  @Override
  public long realWaitNanos(long left) {
    waits.release();
    return Math.min(left, RECHECK_NANOS);
  }

  public void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  /**
   * Returns once some thread waits on a deadline of this ticker (from now on), so that a test
   * advances time only after the deadline it means was taken.
   */
  public void awaitWaiter() throws InterruptedException {
    waits.drainPermits();
    if (!waits.tryAcquire(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no thread waits on this ticker");
    }
  }
}
