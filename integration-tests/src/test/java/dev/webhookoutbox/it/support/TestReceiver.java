package dev.webhookoutbox.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP/1.1 server on loopback that records every request and answers as scripted: a queue of
 * status codes ({@link #respondWith}), then {@code 200}; or hangs without answering until closed
 * ({@link #hang()}). {@link #headersWith} adds response headers, e.g. {@code Retry-After}.
 */
public final class TestReceiver implements AutoCloseable {

  /** One received request, with its headers' names in lower case. */
  public record Received(
      String method, URI uri, Map<String, String> headers, byte[] body, Instant arrivedAt) {
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(32);
  private final Queue<Received> received = new ConcurrentLinkedQueue<>();
  private final Queue<Integer> scriptedStatuses = new ConcurrentLinkedQueue<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean hang;
  private volatile Function<Received, Integer> responder;
  private volatile Function<Received, Map<String, String>> responseHeaders = r -> Map.of();

  public TestReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The next requests get these statuses, in order; after them, 200. */
  public TestReceiver respondWith(int... statuses) {
    for (int status : statuses) {
      scriptedStatuses.add(status);
    }
    return this;
  }

  /** Decides each response from the request; overrides the scripted queue. */
  public TestReceiver respondWith(Function<Received, Integer> responder) {
    this.responder = responder;
    return this;
  }

  /** Adds headers to each response, decided from the request (which is already recorded). */
  public TestReceiver headersWith(Function<Received, Map<String, String>> headers) {
    this.responseHeaders = headers;
    return this;
  }

  /** Requests are read and recorded, then never answered until {@link #close()}. */
  public TestReceiver hang() {
    this.hang = true;
    return this;
  }

  public String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
  }

  public List<Received> received() {
    return new ArrayList<>(received);
  }

  public int count() {
    return received.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, String> headers = new TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) ->
                  headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
      Received request =
          new Received(
              exchange.getRequestMethod(), exchange.getRequestURI(), headers, body, Instant.now());
      received.add(request);
      if (hang) {
        release.await();
        return;
      }
      Function<Received, Integer> decide = responder;
      Integer scripted = scriptedStatuses.poll();
      int status = decide != null ? decide.apply(request) : scripted != null ? scripted : 200;
      byte[] answer =
          ("{\"status\":" + status + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      responseHeaders.apply(request).forEach(exchange.getResponseHeaders()::add);
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
