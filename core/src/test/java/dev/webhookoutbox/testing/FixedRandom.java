package dev.webhookoutbox.testing;

import java.util.random.RandomGenerator;

/** A "random" source that always returns one value, to pin jitter in schedule tests. */
public final class FixedRandom implements RandomGenerator {

  private final double value;

  private FixedRandom(double value) {
    this.value = value;
  }

  /** No jitter: the spread factor {@code 1 + jitter × (2 × 0.5 − 1)} is exactly 1. */
  public static FixedRandom midpoint() {
    return new FixedRandom(0.5);
  }

  /** The shortest delays jitter allows. */
  public static FixedRandom lowest() {
    return new FixedRandom(0.0);
  }

  /** The longest delays jitter allows. */
  public static FixedRandom highest() {
    return new FixedRandom(Math.nextDown(1.0));
  }

  @Override
  public long nextLong() {
    return (long) (value * Long.MAX_VALUE);
  }

  @Override
  public double nextDouble() {
    return value;
  }
}
