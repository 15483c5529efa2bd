package dev.webhookoutbox.jdbc;

/**
 * Makes receiver-supplied text safe to store: PostgreSQL rejects NUL characters in text columns, so
 * they (and lone surrogates from broken UTF-8) are replaced instead of failing the batch.
 */
final class TextSanitizer {

  private TextSanitizer() {}

  static String clean(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean bad =
          c == '\0'
              || (Character.isHighSurrogate(c)
                  && (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))))
              || (Character.isLowSurrogate(c)
                  && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1))));
      if (bad && out == null) {
        out = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (out != null) {
        out.append(bad ? '\uFFFD' : c);
      }
    }
    return out == null ? text : out.toString();
  }

  static String cap(String text, int maxLength) {
    String cleaned = clean(text);
    if (cleaned == null || cleaned.length() <= maxLength) {
      return cleaned;
    }
    int end = maxLength - 1;
    if (Character.isHighSurrogate(cleaned.charAt(end - 1))) {
      end--;
    }
    return cleaned.substring(0, end) + "…";
  }
}
