package dev.webhookoutbox.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExcerptTextTest {

  @Test
  void keepsOrdinaryText() {
    byte[] bytes = "{\"ok\":true}\n\tdone".getBytes(StandardCharsets.UTF_8);
    assertThat(ExcerptText.decode(bytes, bytes.length, false)).isEqualTo("{\"ok\":true}\n\tdone");
  }

  @Test
  void emptyBodyIsNull() {
    assertThat(ExcerptText.decode(new byte[16], 0, false)).isNull();
  }

  @Test
  void replacesNulAndControlCharacters() {
    byte[] bytes = {'a', 0, 'b', 0x07, 'c', 0x7f, '\r', '\n'};
    assertThat(ExcerptText.decode(bytes, bytes.length, false))
        .isEqualTo("a\uFFFDb\uFFFDc\uFFFD\r\n");
  }

  @Test
  void replacesInvalidUtf8WithoutLoneSurrogates() {
    byte[] bytes = {(byte) 0xED, (byte) 0xA0, (byte) 0x80, 'x', (byte) 0xFF, (byte) 0xC3};
    String text = ExcerptText.decode(bytes, bytes.length, false);
    assertThat(text).contains("x").doesNotContain("\0");
    assertThat(text.chars().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
  }

  @Test
  void dropsACharacterCutByTheCap() {
    byte[] euro = "ab\u20ac".getBytes(StandardCharsets.UTF_8); // 'a' 'b' E2 82 AC
    assertThat(ExcerptText.decode(euro, 4, true)).isEqualTo("ab");
    assertThat(ExcerptText.decode(euro, 3, true)).isEqualTo("ab");
    assertThat(ExcerptText.decode(euro, 5, true)).isEqualTo("ab\u20ac");
    byte[] emoji = "a\uD83D\uDE00".getBytes(StandardCharsets.UTF_8); // 'a' F0 9F 98 80
    assertThat(ExcerptText.decode(emoji, 4, true)).isEqualTo("a");
    assertThat(ExcerptText.decode(emoji, 5, true)).isEqualTo("a\uD83D\uDE00");
  }

  @Test
  void randomBinaryNeverYieldsNulSurrogatesOrMoreCharactersThanBytes() {
    Random random = new Random(4242);
    for (int round = 0; round < 2000; round++) {
      byte[] bytes = new byte[random.nextInt(64)];
      random.nextBytes(bytes);
      int length = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
      String text = ExcerptText.decode(bytes, length, random.nextBoolean());
      if (text == null) {
        assertThat(length).isZero();
        continue;
      }
      assertThat(text.length()).isLessThanOrEqualTo(length);
      assertThat(text).doesNotContain("\0");
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
          assertThat(Character.isLowSurrogate(text.charAt(++i))).isTrue();
        } else {
          assertThat(Character.isLowSurrogate(c)).isFalse();
        }
      }
    }
  }
}
