package dev.webhookoutbox.validation;

/**
 * Well-formedness of Java strings as Unicode. A lone (unpaired) surrogate has no UTF-8 form: {@code
 * String.getBytes(UTF_8)} and JDBC drivers silently replace it with {@code ?}, so the bytes sent
 * (and signed) would differ from what was enqueued. Texts that reach the wire or the database are
 * checked here first.
 */
final class Utf16 {

  private Utf16() {}

  /**
   * The index of the first lone surrogate in {@code text}, or -1 if it is well-formed. One compare
   * per char on the common path, so that a payload check stays cheap next to parsing it.
   */
  static int loneSurrogateAt(String text) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < length
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /** The number of bytes of well-formed {@code text} in UTF-8, counted without encoding it. */
  static long utf8Length(String text) {
    int length = text.length();
    long bytes = length;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        // A surrogate pair is two chars and four bytes: two more than counted, like U+0800+.
        bytes += c < 0x800 ? 1 : 2;
        if (Character.isHighSurrogate(c)) {
          i++;
        }
      }
    }
    return bytes;
  }

  /** A message part naming the lone surrogate at {@code index}, e.g. {@code U+D800 at index 7}. */
  static String describe(String text, int index) {
    return String.format(
        "an unpaired UTF-16 surrogate (U+%04X at index %d), which has no UTF-8 form",
        (int) text.charAt(index), index);
  }
}
