package dev.webhookoutbox.runner.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Reads a response keeping only the first {@code maxBytes} of its body: a receiver that answers
 * with megabytes costs no memory, and the rest is drained so the connection can be reused.
 */
final class ExcerptResponseConsumer
    extends AbstractBinResponseConsumer<ExcerptResponseConsumer.Captured> {

  /** The parts of a response the attempt row keeps. */
  record Captured(int statusCode, String retryAfter, String excerpt) {}

  private final byte[] excerpt;
  private int length;
  private int statusCode;
  private String retryAfter;

  ExcerptResponseConsumer(int maxBytes) {
    this.excerpt = new byte[maxBytes];
  }

  @Override
  protected void start(HttpResponse response, ContentType contentType) {
    statusCode = response.getCode();
    Header header = response.getFirstHeader("Retry-After");
    retryAfter = header == null ? null : header.getValue();
  }

  @Override
  protected int capacityIncrement() {
    return 8192;
  }

  @Override
  protected void data(ByteBuffer src, boolean endOfStream) {
    int take = Math.min(src.remaining(), excerpt.length - length);
    src.get(excerpt, length, take);
    length += take;
    src.position(src.limit());
  }

  @Override
  protected Captured buildResult() {
    String text = length == 0 ? null : new String(excerpt, 0, length, StandardCharsets.UTF_8);
    return new Captured(statusCode, retryAfter, text);
  }

  @Override
  public void releaseResources() {}
}
