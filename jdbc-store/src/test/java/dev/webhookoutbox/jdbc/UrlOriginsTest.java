package dev.webhookoutbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UrlOriginsTest {

  @Test
  void originIsSchemeHostAndPortInLowerCaseLikeTheViews() {
    assertThat(UrlOrigins.of("HTTPS://Hooks.Example.com:8443/a/b?c=d#e"))
        .isEqualTo("https://hooks.example.com:8443");
    assertThat(UrlOrigins.of("https://hooks.example.com/")).isEqualTo("https://hooks.example.com");
    assertThat(UrlOrigins.of("http://h?x=1")).isEqualTo("http://h");
    assertThatThrownBy(() -> UrlOrigins.of("hooks.example.com"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLowestIdOfAnInstantIsAboveEveryEarlierIdAndAtMostEveryLaterOne() {
    Instant t = Instant.parse("2026-03-01T12:00:00Z");
    java.util.UUID bound = DeliveryIds.lowest(t);
    for (int i = 0; i < 1000; i++) {
      assertThat(compareUnsigned(DeliveryIds.next(t.minusMillis(1)), bound)).isNegative();
      assertThat(compareUnsigned(DeliveryIds.next(t), bound)).isNotNegative();
    }
  }

  /** How PostgreSQL and H2 order uuids: byte by byte, unsigned. */
  private static int compareUnsigned(java.util.UUID a, java.util.UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0
        ? high
        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }
}
