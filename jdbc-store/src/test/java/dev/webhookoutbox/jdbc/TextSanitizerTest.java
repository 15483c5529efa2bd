package dev.webhookoutbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Receiver-supplied text must never fail an insert: no NUL, no lone surrogates. */
class TextSanitizerTest {

  @Test
  void replacesNulAndLoneSurrogatesAndKeepsPairs() {
    assertThat(TextSanitizer.clean("a\0b")).isEqualTo("a\uFFFDb");
    assertThat(TextSanitizer.clean("x\uD83Dy")).isEqualTo("x\uFFFDy");
    assertThat(TextSanitizer.clean("\uDE00x")).isEqualTo("\uFFFDx");
    assertThat(TextSanitizer.clean("ok \uD83D\uDE00")).isEqualTo("ok \uD83D\uDE00");
    assertThat(TextSanitizer.clean(null)).isNull();
  }

  @Test
  void capNeverSplitsASurrogatePair() {
    String text = "ab\uD83D\uDE00cd";
    assertThat(TextSanitizer.cap(text, 4)).isEqualTo("ab…");
    assertThat(TextSanitizer.cap(text, 5)).isEqualTo("ab\uD83D\uDE00…");
  }

  @Test
  void randomTextAlwaysComesOutStorable() {
    Random random = new Random(99);
    for (int round = 0; round < 5000; round++) {
      char[] chars = new char[random.nextInt(40)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] =
            switch (random.nextInt(4)) {
              case 0 -> '\0';
              case 1 -> (char) (0xD800 + random.nextInt(0x800));
              default -> (char) random.nextInt(0x10000);
            };
      }
      String cleaned = TextSanitizer.cap(new String(chars), 30);
      assertThat(cleaned).doesNotContain("\0");
      assertThat(cleaned.length()).isLessThanOrEqualTo(30);
      for (int i = 0; i < cleaned.length(); i++) {
        char c = cleaned.charAt(i);
        if (Character.isHighSurrogate(c)) {
          assertThat(i + 1 < cleaned.length() && Character.isLowSurrogate(cleaned.charAt(i + 1)))
              .isTrue();
          i++;
        } else {
          assertThat(Character.isLowSurrogate(c)).isFalse();
        }
      }
    }
  }
}
