package dev.webhookoutbox.runner.http;

import dev.webhookoutbox.UrlRefusedException;
import dev.webhookoutbox.spi.AttemptError;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.FatalErrorHandler;
import dev.webhookoutbox.spi.OutgoingRequest;
import dev.webhookoutbox.spi.WebhookSender;
import dev.webhookoutbox.validation.UrlPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.async.MinimalHttpAsyncClient;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends webhooks with Apache HttpClient 5's async client: pooled keep-alive connections, a few I/O
 * threads for thousands of concurrent requests, no redirects (a 3xx is the attempt's outcome), no
 * automatic retries (the outbox decides retries), and a hard total deadline per attempt.
 *
 * <p>Every URL passes the settings' {@link UrlPolicy} first; then the host is resolved once by a
 * resolver that checks each address and hands the client only checked ones, so the connection goes
 * to an address that was checked (DNS rebinding gets nowhere). A refused URL completes the attempt
 * with {@link AttemptError#URL_REFUSED} and the reason; nothing is thrown. The client never uses a
 * proxy: the checks rely on connecting to the receiver directly.
 *
 * <p>What a receiver sends back is bounded by the settings' {@link ResponseLimits}: line length and
 * header count of the head, bytes of the body. Only HTTP/1.1 is spoken, also where TLS could
 * negotiate HTTP/2: HttpCore 5.3.4 buffers an HTTP/2 header block whole before any limit applies.
 *
 * <p>The client's threads run in a thread group of their own: one that dies is reported to the
 * {@link FatalErrorHandler}, and sends fail fast from then on instead of waiting for a thread that
 * is gone.
 *
 * <pre>{@code
 * WebhookSender sender =
 *     new HttpClientWebhookSender(SenderSettings.defaults(), UrlPolicy.strict(), Clock.systemUTC());
 * }</pre>
 */
public final class HttpClientWebhookSender implements WebhookSender {

  private static final Logger log = LoggerFactory.getLogger(HttpClientWebhookSender.class);

  private final MinimalHttpAsyncClient client;
  private final SenderSettings settings;
  private final UrlPolicy urlPolicy;
  private final Clock clock;
  private final FatalErrorHandler fatal;
  private final ClientThreads threads;
  private final DeadlineSweeper deadlines;

  /**
   * A sender that calls only the URLs {@code urlPolicy} allows, resolving through the system
   * resolver: every host is resolved once and each address checked before connecting.
   */
  public HttpClientWebhookSender(SenderSettings settings, UrlPolicy urlPolicy, Clock clock) {
    this(settings, urlPolicy, clock, HttpClientWebhookSender::logFatal);
  }

  /**
   * A sender that reports the death of its HTTP client's threads, and errors it cannot survive, to
   * {@code fatal}; the {@code WebhookRunner} that builds its sender closes itself then.
   */
  public HttpClientWebhookSender(
      SenderSettings settings,
      UrlPolicy urlPolicy,
      Clock clock,
      FatalErrorHandler fatalErrorHandler) {
    this(settings, urlPolicy, clock, PolicyDnsResolver.SYSTEM, fatalErrorHandler);
  }

  /** For tests: answers host lookups with {@code lookup} instead of the system resolver. */
  HttpClientWebhookSender(
      SenderSettings settings, UrlPolicy urlPolicy, Clock clock, PolicyDnsResolver.Lookup lookup) {
    this(settings, urlPolicy, clock, lookup, HttpClientWebhookSender::logFatal);
  }

  private HttpClientWebhookSender(
      SenderSettings settings,
      UrlPolicy urlPolicy,
      Clock clock,
      PolicyDnsResolver.Lookup lookup,
      FatalErrorHandler fatalErrorHandler) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.urlPolicy = Objects.requireNonNull(urlPolicy, "urlPolicy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.fatal = Objects.requireNonNull(fatalErrorHandler, "fatalErrorHandler");
    int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    this.threads = new ClientThreads("webhook-http", ioThreads, fatal);
    // Created and started on a thread of the group, so that every thread they make joins it.
    this.client =
        threads.inside(
            () -> {
              MinimalHttpAsyncClient created =
                  createClient(settings, new PolicyDnsResolver(urlPolicy, lookup), ioThreads);
              created.start();
              return created;
            });
    this.deadlines =
        threads.inside(() -> new DeadlineSweeper(settings.totalTimeout(), threads::reactorAlive));
  }

  private static MinimalHttpAsyncClient createClient(
      SenderSettings settings, PolicyDnsResolver resolver, int ioThreads) {
    PoolingAsyncClientConnectionManager connections =
        PoolingAsyncClientConnectionManagerBuilder.create()
            .setDnsResolver(resolver)
            .setMaxConnTotal(settings.maxConnections())
            .setMaxConnPerRoute(settings.maxConnectionsPerRoute())
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                    .setSocketTimeout(Timeout.of(settings.responseTimeout()))
                    .setTimeToLive(TimeValue.ofMinutes(5))
                    .build())
            .setDefaultTlsConfig(
                TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
            .build();
    ResponseLimits limits = settings.responseLimits();
    // The minimal client: no redirect, retry, cookie or auth stages in the execution chain,
    // none of which a webhook sender wants; it cuts the client's CPU per request.
    return HttpAsyncClients.createMinimal(
        H2Config.DEFAULT, // unused: HTTP/1.1 only
        Http1Config.custom()
            .setMaxLineLength(limits.maxLineBytes())
            .setMaxHeaderCount(limits.maxHeaderCount())
            .build(),
        IOReactorConfig.custom()
            .setIoThreadCount(ioThreads)
            .setSoTimeout(Timeout.of(settings.responseTimeout()))
            // Headers and body go out in separate writes; with Nagle on, the body would
            // wait for the receiver's delayed ACK.
            .setTcpNoDelay(true)
            .build(),
        connections);
  }

  @Override
  public CompletableFuture<AttemptResult> send(OutgoingRequest request) {
    Instant startedAt = clock.instant();
    long startNanos = System.nanoTime();
    try {
      urlPolicy.checkUrl(request.url());
    } catch (UrlRefusedException e) {
      return CompletableFuture.completedFuture(
          AttemptResult.failure(
              startedAt, elapsedSince(startNanos), AttemptError.URL_REFUSED, e.reason()));
    }
    if (!threads.reactorAlive()) {
      return CompletableFuture.completedFuture(
          AttemptResult.failure(
              startedAt,
              elapsedSince(startNanos),
              AttemptError.IO,
              "not sent: an I/O thread of this runner's HTTP client died; restart the runner"));
    }
    CompletableFuture<AttemptResult> result = new CompletableFuture<>();
    AsyncRequestBuilder builder =
        AsyncRequestBuilder.post(request.url())
            .setEntity(
                AsyncEntityProducers.create(request.bodyUnsafe(), ContentType.APPLICATION_JSON));
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      if (!header.getKey().equalsIgnoreCase("content-type")) {
        builder.addHeader(header.getKey(), header.getValue());
      }
    }
    AsyncRequestProducer producer = builder.build();
    ExcerptResponseConsumer consumer =
        new ExcerptResponseConsumer(
            settings.maxExcerptBytes(), settings.responseLimits().maxBodyBytes());
    Future<ExcerptResponseConsumer.Captured> exchange =
        LeasedExchange.start(
            client,
            HttpHost.create(request.url()),
            producer,
            consumer,
            new AttemptCallback(result, consumer, settings, clock, fatal, startedAt, startNanos));
    AtomicReference<Future<?>> watched = deadlines.watch(exchange);
    result.whenComplete((r, e) -> watched.set(null));
    return result;
  }

  private static Duration elapsedSince(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static void logFatal(String component, Throwable error) {
    log.error("{} failed; this HTTP sender can no longer send", component, error);
  }

  @Override
  public void close() {
    threads.closing();
    client.close(CloseMode.GRACEFUL);
    deadlines.close();
  }
}
