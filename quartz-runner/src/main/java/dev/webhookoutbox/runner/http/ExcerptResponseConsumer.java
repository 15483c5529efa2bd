package dev.webhookoutbox.runner.http;

import java.nio.ByteBuffer;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Reads a response keeping only the first {@code maxBytes} of its body: a receiver that answers
 * with megabytes costs no memory, and the rest is drained so the connection can be reused. What was
 * read so far stays available through {@link #snapshot()} when the exchange is cut off by the total
 * deadline, e.g. by an endless body.
 */
final class ExcerptResponseConsumer
    extends AbstractBinResponseConsumer<ExcerptResponseConsumer.Captured> {

  /**
   * The parts of a response the attempt row keeps.
   *
   * @param statusCode the HTTP status, 0 when no response head has arrived
   * @param retryAfter the raw {@code Retry-After} header, or {@code null}
   * @param excerpt the start of the body as safe text ({@link ExcerptText}), or {@code null}
   * @param bodyBytes how many body bytes arrived, kept or not
   */
  record Captured(int statusCode, String retryAfter, String excerpt, long bodyBytes) {}

  private final byte[] excerpt;
  private int length;
  private long bodyBytes;
  private int statusCode;
  private String retryAfter;

  ExcerptResponseConsumer(int maxBytes) {
    this.excerpt = new byte[maxBytes];
  }

  // Synchronized: the I/O thread writes while the deadline thread may take a snapshot.
  @Override
  protected synchronized void start(HttpResponse response, ContentType contentType) {
    statusCode = response.getCode();
    Header header = response.getFirstHeader("Retry-After");
    retryAfter = header == null ? null : header.getValue();
  }

  @Override
  protected int capacityIncrement() {
    return 8192;
  }

  @Override
  protected synchronized void data(ByteBuffer src, boolean endOfStream) {
    int remaining = src.remaining();
    int take = Math.min(remaining, excerpt.length - length);
    src.get(excerpt, length, take);
    length += take;
    bodyBytes += remaining;
    src.position(src.limit());
  }

  @Override
  protected Captured buildResult() {
    return snapshot();
  }

  /** What has been read so far; complete once the exchange has completed. */
  synchronized Captured snapshot() {
    String text = ExcerptText.decode(excerpt, length, bodyBytes > length);
    return new Captured(statusCode, retryAfter, text, bodyBytes);
  }

  @Override
  public void releaseResources() {}
}
