package dev.webhookoutbox.runner.http;

import java.nio.charset.StandardCharsets;

/**
 * Turns the first bytes of a response body into text that any text column accepts: invalid UTF-8
 * becomes U+FFFD (never a lone surrogate), a character cut in half by the cap is dropped, and
 * control characters other than tab and line breaks (NUL above all, which PostgreSQL rejects)
 * become U+FFFD. Binary bodies therefore come out as mostly U+FFFD, at most one character per byte
 * read.
 */
final class ExcerptText {

  private static final char REPLACEMENT = '\uFFFD';

  private ExcerptText() {}

  /**
   * @param bytes the kept bytes
   * @param length how many of them are valid
   * @param truncated whether the body went on after them
   * @return the text, or {@code null} for an empty body
   */
  static String decode(byte[] bytes, int length, boolean truncated) {
    int end = truncated ? endOfCompleteCharacters(bytes, length) : length;
    if (end == 0) {
      return length == 0 ? null : "";
    }
    String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
      if (control && out == null) {
        out = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (out != null) {
        out.append(control ? REPLACEMENT : c);
      }
    }
    return out == null ? text : out.toString();
  }

  /** Where the last complete UTF-8 sequence ends, looking back at most four bytes. */
  private static int endOfCompleteCharacters(byte[] bytes, int length) {
    for (int back = 1; back <= Math.min(4, length); back++) {
      int b = bytes[length - back] & 0xff;
      if ((b & 0xC0) == 0x80) {
        continue; // a continuation byte: keep looking for the sequence's first byte
      }
      int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
      return needed > back ? length - back : length;
    }
    return length;
  }
}
