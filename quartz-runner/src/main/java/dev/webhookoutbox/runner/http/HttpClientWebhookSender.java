package dev.webhookoutbox.runner.http;

import dev.webhookoutbox.UrlRefusedException;
import dev.webhookoutbox.spi.AttemptError;
import dev.webhookoutbox.spi.AttemptResult;
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
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.async.MinimalHttpAsyncClient;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

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
 * <pre>{@code
 * WebhookSender sender = new HttpClientWebhookSender(SenderSettings.defaults(), Clock.systemUTC());
 * }</pre>
 */
public final class HttpClientWebhookSender implements WebhookSender {

  private final MinimalHttpAsyncClient client;
  private final SenderSettings settings;
  private final Clock clock;
  private final DeadlineSweeper deadlines;

  /** A sender with the settings' URL policy, resolving through the system resolver. */
  public HttpClientWebhookSender(SenderSettings settings, Clock clock) {
    this(settings, clock, PolicyDnsResolver.SYSTEM);
  }

  /** For tests: answers host lookups with {@code lookup} instead of the system resolver. */
  HttpClientWebhookSender(SenderSettings settings, Clock clock, PolicyDnsResolver.Lookup lookup) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    PoolingAsyncClientConnectionManager connections =
        PoolingAsyncClientConnectionManagerBuilder.create()
            .setDnsResolver(new PolicyDnsResolver(settings.urlPolicy(), lookup))
            .setMaxConnTotal(settings.maxConnections())
            .setMaxConnPerRoute(settings.maxConnectionsPerRoute())
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                    .setSocketTimeout(Timeout.of(settings.responseTimeout()))
                    .setTimeToLive(TimeValue.ofMinutes(5))
                    .build())
            .build();
    // The minimal client: no redirect, retry, cookie or auth stages in the execution chain,
    // none of which a webhook sender wants; it cuts the client's CPU per request.
    this.client =
        HttpAsyncClients.createMinimal(
            H2Config.DEFAULT,
            Http1Config.DEFAULT,
            IOReactorConfig.custom()
                .setIoThreadCount(Math.max(1, Runtime.getRuntime().availableProcessors()))
                .setSoTimeout(Timeout.of(settings.responseTimeout()))
                // Headers and body go out in separate writes; with Nagle on, the body would
                // wait for the receiver's delayed ACK.
                .setTcpNoDelay(true)
                .build(),
            connections);
    this.deadlines = new DeadlineSweeper(settings.totalTimeout());
    this.client.start();
  }

  @Override
  public CompletableFuture<AttemptResult> send(OutgoingRequest request) {
    Instant startedAt = clock.instant();
    long startNanos = System.nanoTime();
    try {
      settings.urlPolicy().checkUrl(request.url());
    } catch (UrlRefusedException e) {
      return CompletableFuture.completedFuture(
          AttemptResult.failure(
              startedAt, elapsedSince(startNanos), AttemptError.URL_REFUSED, e.reason()));
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
    ExcerptResponseConsumer consumer = new ExcerptResponseConsumer(settings.maxExcerptBytes());
    Future<ExcerptResponseConsumer.Captured> exchange =
        LeasedExchange.start(
            client,
            HttpHost.create(request.url()),
            producer,
            consumer,
            new FutureCallback<>() {
              @Override
              public void completed(ExcerptResponseConsumer.Captured response) {
                result.complete(
                    AttemptResult.response(
                        startedAt,
                        elapsedSince(startNanos),
                        response.statusCode(),
                        response.excerpt(),
                        parseRetryAfter(response.retryAfter())));
              }

              @Override
              public void failed(Exception failure) {
                result.complete(
                    cutOff(
                        startedAt,
                        startNanos,
                        consumer.snapshot(),
                        FailureClassifier.classify(failure),
                        FailureClassifier.describe(failure)));
              }

              @Override
              public void cancelled() {
                result.complete(
                    cutOff(
                        startedAt,
                        startNanos,
                        consumer.snapshot(),
                        AttemptError.TIMEOUT,
                        "no complete response within the total timeout of "
                            + settings.totalTimeout().toMillis()
                            + " ms"));
              }
            });
    AtomicReference<Future<?>> watched = deadlines.watch(exchange);
    result.whenComplete((r, e) -> watched.set(null));
    return result;
  }

  /**
   * An attempt that ended without a complete response; when the receiver had started answering (an
   * endless or slow body), its status goes into the message and the excerpt is kept.
   */
  private static AttemptResult cutOff(
      Instant startedAt,
      long startNanos,
      ExcerptResponseConsumer.Captured partial,
      AttemptError error,
      String message) {
    if (partial.statusCode() == 0) {
      return AttemptResult.failure(startedAt, elapsedSince(startNanos), error, message);
    }
    String detail =
        message
            + " (after HTTP "
            + partial.statusCode()
            + " and "
            + partial.bodyBytes()
            + " body bytes)";
    return new AttemptResult(
        startedAt, elapsedSince(startNanos), null, error, detail, partial.excerpt(), null);
  }

  private Duration parseRetryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.trim();
    if (trimmed.chars().allMatch(Character::isDigit) && trimmed.length() <= 9) {
      return Duration.ofSeconds(Long.parseLong(trimmed));
    }
    Instant date = DateUtils.parseStandardDate(trimmed);
    if (date == null) {
      return null;
    }
    Duration delay = Duration.between(clock.instant(), date);
    return delay.isNegative() ? Duration.ZERO : delay;
  }

  private static Duration elapsedSince(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  @Override
  public void close() {
    client.close(CloseMode.GRACEFUL);
    deadlines.close();
  }
}
