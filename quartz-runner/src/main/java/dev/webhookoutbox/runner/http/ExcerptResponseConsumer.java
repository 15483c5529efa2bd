package dev.webhookoutbox.runner.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Reads a response keeping only the first {@code maxExcerptBytes} of its body, and reads no more
 * than {@code maxBodyBytes} of it: a body up to that size is read whole so that the connection can
 * be reused; a longer one ends the exchange with {@link BodyCutOff}, which closes the connection
 * instead of draining an endless body for the whole total timeout. What was read so far stays
 * available through {@link #snapshot()}, for a cut-off body and for an exchange the total deadline
 * ended (a trickling body).
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

  /** Ends the exchange when the body outgrows the limit; the sender turns it into the response. */
  static final class BodyCutOff extends IOException {
    BodyCutOff(long read, int limit) {
      super(
          "response body cut off after "
              + read
              + " bytes (limit "
              + limit
              + "); its connection was closed");
    }
  }

  private final byte[] excerpt;
  private final int maxBodyBytes;
  private int length;
  private long bodyBytes;
  private int statusCode;
  private String retryAfter;

  ExcerptResponseConsumer(int maxExcerptBytes, int maxBodyBytes) {
    this.excerpt = new byte[maxExcerptBytes];
    this.maxBodyBytes = maxBodyBytes;
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
  protected synchronized void data(ByteBuffer src, boolean endOfStream) throws IOException {
    int remaining = src.remaining();
    int take = Math.min(remaining, excerpt.length - length);
    src.get(excerpt, length, take);
    length += take;
    bodyBytes += remaining;
    src.position(src.limit());
    if (bodyBytes > maxBodyBytes && !endOfStream) {
      throw new BodyCutOff(bodyBytes, maxBodyBytes);
    }
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
