package dev.webhookoutbox.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.impl.bootstrap.AsyncServerBootstrap;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncServer;
import org.apache.hc.core5.http.nio.AsyncRequestConsumer;
import org.apache.hc.core5.http.nio.AsyncServerRequestHandler;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.nio.support.AsyncResponseBuilder;
import org.apache.hc.core5.http.nio.support.BasicRequestConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.ListenerEndpoint;

/**
 * The benchmark's receiver, run in its own JVM: an HTTP/1.1 keep-alive server on several loopback
 * ports (one port = one endpoint) that records the first arrival time of every {@code webhook-id}
 * and counts duplicates. Paths decide the answer: {@code /ok/…} 200, {@code /fail/…} 500, {@code
 * /hang/…} never answers. {@code GET /stats}, {@code GET /arrivals} and {@code POST /reset} on any
 * port control it.
 *
 * <p>Usage: {@code java -cp benchmark.jar dev.webhookoutbox.bench.BenchReceiver PORT_COUNT}; it
 * prints {@code ready PORT…} when listening.
 */
public final class BenchReceiver implements AsyncServerRequestHandler<Message<HttpRequest, Void>> {

  private final Map<String, Long> firstArrivalMicros = new ConcurrentHashMap<>(1 << 20);
  private final LongAdder received = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder failedAnswers = new LongAdder();
  private final LongAdder hung = new LongAdder();
  private final LongAdder unsigned = new LongAdder();
  private final Queue<ResponseTrigger> hanging = new ConcurrentLinkedQueue<>();

  public static void main(String[] args)
      throws IOException, InterruptedException, ExecutionException {
    int ports = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    BenchReceiver receiver = new BenchReceiver();
    // HttpCore 5's non-blocking server: one I/O thread serves every connection, so the receiver
    // costs the machine as little CPU as possible per request.
    HttpAsyncServer server =
        AsyncServerBootstrap.bootstrap()
            .setIOReactorConfig(
                IOReactorConfig.custom()
                    .setIoThreadCount(1)
                    .setTcpNoDelay(true)
                    // Java's default accept backlog is 50: a runner opening 100 connections at
                    // once would see connection attempts dropped and retried seconds later.
                    .setBacklogSize(4096)
                    .build())
            .setCanonicalHostName("127.0.0.1")
            .register("*", receiver)
            .create();
    server.start();
    StringBuilder ready = new StringBuilder("ready");
    for (int i = 0; i < ports; i++) {
      ListenerEndpoint endpoint =
          server.listen(new InetSocketAddress("127.0.0.1", 0), URIScheme.HTTP).get();
      ready.append(' ').append(((InetSocketAddress) endpoint.getAddress()).getPort());
    }
    System.out.println(ready);
    System.out.flush();
    server.awaitShutdown(org.apache.hc.core5.util.TimeValue.MAX_VALUE);
  }

  @Override
  public AsyncRequestConsumer<Message<HttpRequest, Void>> prepare(
      HttpRequest request, EntityDetails entityDetails, HttpContext context) {
    return new BasicRequestConsumer<>(
        entityDetails == null ? null : new DiscardingEntityConsumer<>());
  }

  @Override
  public void handle(
      Message<HttpRequest, Void> message, ResponseTrigger trigger, HttpContext context)
      throws org.apache.hc.core5.http.HttpException, IOException {
    HttpRequest request = message.getHead();
    String path = request.getPath();
    if (request.getMethod().equals("GET") || path.equals("/reset")) {
      control(trigger, context, path);
      return;
    }
    long arrival = nowMicros();
    received.increment();
    String id = header(request, "webhook-id");
    if (header(request, "webhook-signature") == null) {
      unsigned.increment();
    }
    if (id != null && firstArrivalMicros.putIfAbsent(id, arrival) != null) {
      duplicates.increment();
    }
    if (path.startsWith("/hang/")) {
      hung.increment();
      hanging.add(trigger); // never answered; the sender's timeout ends it
      return;
    }
    int status = path.startsWith("/fail/") ? 500 : 200;
    if (status != 200) {
      failedAnswers.increment();
    }
    trigger.submitResponse(AsyncResponseBuilder.create(status).build(), context);
  }

  private static String header(HttpRequest request, String name) {
    var header = request.getFirstHeader(name);
    return header == null ? null : header.getValue();
  }

  private void control(ResponseTrigger trigger, HttpContext context, String path)
      throws org.apache.hc.core5.http.HttpException, IOException {
    String answer;
    switch (path) {
      case "/stats" ->
          answer =
              String.format(
                  "{\"received\":%d,\"distinct\":%d,\"duplicates\":%d,\"failed_answers\":%d,"
                      + "\"hung\":%d,\"unsigned\":%d}",
                  received.sum(),
                  firstArrivalMicros.size(),
                  duplicates.sum(),
                  failedAnswers.sum(),
                  hung.sum(),
                  unsigned.sum());
      case "/arrivals" -> {
        StringBuilder lines = new StringBuilder();
        firstArrivalMicros.forEach(
            (id, micros) -> lines.append(id).append(' ').append(micros).append('\n'));
        answer = lines.toString();
      }
      case "/reset" -> {
        firstArrivalMicros.clear();
        received.reset();
        duplicates.reset();
        failedAnswers.reset();
        hung.reset();
        unsigned.reset();
        hanging.clear();
        answer = "{}";
      }
      default -> answer = "{\"error\":\"unknown control path\"}";
    }
    trigger.submitResponse(
        AsyncResponseBuilder.create(200)
            .setEntity(answer, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8))
            .build(),
        context);
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
