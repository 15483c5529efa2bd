package dev.webhookoutbox.it.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
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
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.ListenerEndpoint;

/**
 * A receiver on loopback that misbehaves at random: each POST is answered 500 with probability
 * {@code failRate}, never answered with probability {@code hangRate} (the sender's timeout ends
 * it), else 200. It logs every {@code webhook-id} it received with what it answered. Non-blocking
 * (HttpCore 5), so hung requests hold no thread and thousands of requests per second cost little.
 */
public final class FlakyReceiver implements AutoCloseable {

  /** The answer logged for a request that was never answered. */
  public static final int HUNG = -1;

  /** One received POST and what it got. */
  public record Entry(String webhookId, int status) {}

  private final HttpAsyncServer server;
  private final int port;
  private final Queue<Entry> log = new ConcurrentLinkedQueue<>();
  private final Queue<AsyncServerRequestHandler.ResponseTrigger> hanging =
      new ConcurrentLinkedQueue<>();
  private final double failRate;
  private final double hangRate;

  public FlakyReceiver(double failRate, double hangRate) {
    this.failRate = failRate;
    this.hangRate = hangRate;
    server =
        AsyncServerBootstrap.bootstrap()
            .setIOReactorConfig(
                IOReactorConfig.custom().setIoThreadCount(1).setBacklogSize(4096).build())
            .setCanonicalHostName("127.0.0.1")
            .register("*", new Handler())
            .create();
    server.start();
    try {
      ListenerEndpoint endpoint =
          server.listen(new InetSocketAddress("127.0.0.1", 0), URIScheme.HTTP).get();
      port = ((InetSocketAddress) endpoint.getAddress()).getPort();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot listen on loopback", e.getCause());
    }
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Everything received so far, in arrival order. */
  public List<Entry> log() {
    return new ArrayList<>(log);
  }

  public int received() {
    return log.size();
  }

  /** How many 200s each webhook-id got. */
  public Map<String, Integer> successesById() {
    Map<String, Integer> counts = new HashMap<>();
    for (Entry entry : log) {
      if (entry.status() >= 200 && entry.status() < 300) {
        counts.merge(entry.webhookId(), 1, Integer::sum);
      }
    }
    return counts;
  }

  @Override
  public void close() {
    hanging.clear();
    server.close(CloseMode.IMMEDIATE);
  }

  private final class Handler implements AsyncServerRequestHandler<Message<HttpRequest, Void>> {

    @Override
    public AsyncRequestConsumer<Message<HttpRequest, Void>> prepare(
        HttpRequest request, EntityDetails entityDetails, HttpContext context) {
      return new BasicRequestConsumer<>(
          entityDetails == null ? null : new DiscardingEntityConsumer<>());
    }

    @Override
    public void handle(
        Message<HttpRequest, Void> message, ResponseTrigger trigger, HttpContext context)
        throws HttpException, IOException {
      var idHeader = message.getHead().getFirstHeader("webhook-id");
      String id = idHeader == null ? "" : idHeader.getValue();
      double draw = ThreadLocalRandom.current().nextDouble();
      if (draw < hangRate) {
        log.add(new Entry(id, HUNG));
        hanging.add(trigger);
        return;
      }
      int status = draw < hangRate + failRate ? 500 : 200;
      log.add(new Entry(id, status));
      trigger.submitResponse(AsyncResponseBuilder.create(status).build(), context);
    }
  }
}
