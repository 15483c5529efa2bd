package dev.webhookoutbox.jdbc;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * UUID version 7 ids: time-ordered, so new rows land at the right edge of the primary-key index
 * instead of on random pages, and unguessable in their 74 random bits.
 */
final class DeliveryIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private DeliveryIds() {}

  static UUID next(Instant now) {
    long millis = now.toEpochMilli();
    long randA = RANDOM.nextInt() & 0x0FFFL;
    long msb = (millis << 16) | 0x7000L | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /** The smallest id {@link #next} can return at {@code instant}: every earlier id is below it. */
  static UUID lowest(Instant instant) {
    return new UUID((instant.toEpochMilli() << 16) | 0x7000L, 0x8000000000000000L);
  }
}
