package dev.webhookoutbox.runner.http;

/**
 * How much of a receiver's response the sender reads at most. Receivers are the customers' servers:
 * without limits, one that answers with endless header lines grows the response head until the
 * runner runs out of memory, and one that answers with an endless body is drained for the whole
 * total timeout.
 *
 * <p>A head over the limits ends the attempt with {@link
 * dev.webhookoutbox.spi.AttemptError#BAD_RESPONSE} (retried like a network error). A body longer
 * than {@code maxBodyBytes} is cut off there, its connection closed instead of drained, and the
 * status decides the outcome as usual: a 200 with an endless body is delivered.
 *
 * <p>HttpClient 5 bounds the head line by line and by count, not as a whole, so the head is at most
 * {@link #maxHeadBytes()}: (count + 1) × line length, 808 KiB with the defaults.
 *
 * <pre>{@code
 * SenderSettings settings =
 *     SenderSettings.defaults().withResponseLimits(new ResponseLimits(16_384, 100, 65_536));
 * }</pre>
 *
 * @param maxLineBytes the longest status line or header line, a folded header counted whole
 * @param maxHeaderCount the most header lines
 * @param maxBodyBytes the most body bytes read; at least the excerpt kept for the attempt row
 */
public record ResponseLimits(int maxLineBytes, int maxHeaderCount, int maxBodyBytes) {

  /** Upper bound for {@code maxLineBytes}. */
  public static final int MAX_LINE_BYTES = 1024 * 1024;

  /** Upper bound for {@code maxHeaderCount}. */
  public static final int MAX_HEADER_COUNT = 10_000;

  /** Upper bound for {@code maxBodyBytes}. */
  public static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

  public ResponseLimits {
    requireBetween("maxLineBytes", maxLineBytes, 256, MAX_LINE_BYTES);
    requireBetween("maxHeaderCount", maxHeaderCount, 1, MAX_HEADER_COUNT);
    requireBetween("maxBodyBytes", maxBodyBytes, 0, MAX_BODY_BYTES);
  }

  /**
   * 8 KiB lines (nginx refuses an upstream's whole head past 4 or 8 KiB by default), 100 header
   * lines, 64 KiB of body: a body up to that size is read whole, so its connection stays reusable.
   */
  public static ResponseLimits defaults() {
    return new ResponseLimits(8 * 1024, 100, 64 * 1024);
  }

  /** The most a response head can take: the status line and every header line at full length. */
  public long maxHeadBytes() {
    return (long) (maxHeaderCount + 1) * maxLineBytes;
  }

  private static void requireBetween(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be " + min + " to " + max + ", was " + value);
    }
  }
}
