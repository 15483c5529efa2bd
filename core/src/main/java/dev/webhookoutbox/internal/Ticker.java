package dev.webhookoutbox.internal;

import java.time.Duration;

/**
 * Monotonic time for the deadlines of the dispatch loop: the recorder's linger, flush and stop, and
 * the shutdown's wait for in-flight deliveries. Production reads {@link System#nanoTime()}; tests
 * substitute a ticker they advance by hand, so that a ten-second deadline passes without ten
 * seconds of waiting. Wall-clock time ({@link java.time.Clock}) is not used for deadlines: it can
 * jump.
 */
public interface Ticker {

  /** Deadlines further away than this are treated as this far away. */
  Duration LONGEST = Duration.ofDays(1000);

  /** {@link System#nanoTime()}, waiting for as long as a deadline has left. */
  Ticker SYSTEM =
      new Ticker() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public long realWaitNanos(long left) {
          return left;
        }
      };

  /** Nanoseconds from an arbitrary origin; only differences mean anything. */
  long nanoTime();

  /**
   * How long a blocking wait with {@code left} nanoseconds of this ticker's time before its
   * deadline may last in real time before it reads the ticker again: all of it for the system
   * ticker, a moment for a ticker whose time moves only when a test advances it.
   */
  long realWaitNanos(long left);

  /** A deadline {@code timeout} from now; a negative timeout has passed already. */
  default Deadline deadlineIn(Duration timeout) {
    // Saturated so that "practically never" cannot overflow the nanosecond arithmetic.
    Duration bounded = timeout.compareTo(LONGEST) > 0 ? LONGEST : timeout;
    return new Deadline(this, nanoTime() + bounded.toNanos());
  }

  /**
   * A point in a ticker's time.
   *
   * @param ticker the time it is measured in
   * @param atNanos when it passes, in {@link Ticker#nanoTime()}
   */
  record Deadline(Ticker ticker, long atNanos) {

    /** Nanoseconds left, zero or negative once passed. */
    public long leftNanos() {
      return atNanos - ticker.nanoTime();
    }

    public boolean passed() {
      return leftNanos() <= 0;
    }

    /** How long the next blocking wait may last, in real nanoseconds; positive unless passed. */
    public long nextWaitNanos() {
      long left = leftNanos();
      return left <= 0 ? 0 : Math.max(1, ticker.realWaitNanos(left));
    }
  }
}
