package dev.webhookoutbox.runner;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.OutboxOptions;
import dev.webhookoutbox.ThrottleWindow;
import dev.webhookoutbox.WebhookOutboxException;
import dev.webhookoutbox.dispatch.DispatchSettings;
import dev.webhookoutbox.dispatch.Dispatcher;
import dev.webhookoutbox.dispatch.EndpointHealthSettings;
import dev.webhookoutbox.dispatch.EndpointSettings;
import dev.webhookoutbox.jdbc.DataSources;
import dev.webhookoutbox.jdbc.Retention;
import dev.webhookoutbox.retry.RetryPolicy;
import dev.webhookoutbox.retry.RetryPreset;
import dev.webhookoutbox.runner.admin.AdminServer;
import dev.webhookoutbox.runner.admin.AdminSettings;
import dev.webhookoutbox.runner.http.ResponseLimits;
import dev.webhookoutbox.runner.http.SenderSettings;
import dev.webhookoutbox.signing.SecretCipher;
import dev.webhookoutbox.validation.UrlPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configured runner with its own connection pool and a progress line every interval: what the
 * standalone process runs. Closing it stops the runner, then the pool.
 */
public final class RunnerProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunnerProcess.class);

  private final HikariDataSource dataSource;
  private final WebhookRunner runner;
  private final ScheduledExecutorService progress;
  private final AdminServer admin;
  private final Duration shutdownDeadline;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CompletableFuture<Throwable> fatal;
  private Dispatcher.Stats lastReported = new Dispatcher.Stats(0, 0, 0, 0, 0);

  private RunnerProcess(
      HikariDataSource dataSource,
      WebhookRunner runner,
      Duration progressEvery,
      Duration shutdownDeadline,
      AdminServer admin,
      CompletableFuture<Throwable> fatal) {
    this.dataSource = dataSource;
    this.fatal = fatal;
    this.shutdownDeadline = shutdownDeadline;
    this.runner = runner;
    this.admin = admin;
    this.progress =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "webhook-progress");
              thread.setDaemon(true);
              return thread;
            });
    long millis = progressEvery.toMillis();
    progress.scheduleAtFixedRate(this::reportProgress, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Opens the pool, migrates or verifies the schema as configured, and starts the runner. */
  public static RunnerProcess start(RunnerConfig config) {
    return start(config, builder -> builder);
  }

  /**
   * As {@link #start(RunnerConfig)}, with the runner's builder adjusted by {@code customize} before
   * it is built; e.g. a test gives it a sender of its own.
   */
  public static RunnerProcess start(
      RunnerConfig config, UnaryOperator<WebhookRunner.Builder> customize) {
    HikariDataSource dataSource = openDataSource(config);
    try {
      SchemaConfig.mode(config).prepare(dataSource);
      Duration progressEvery =
          config.duration("webhooks.progress-interval", Duration.ofSeconds(10));
      AdminSettings adminSettings = adminSettings(config);
      CompletableFuture<Throwable> fatal = new CompletableFuture<>();
      WebhookRunner runner =
          customize
              .apply(buildRunner(config, dataSource))
              .fatalErrorHandler((component, error) -> fatal.complete(error))
              .build();
      runner.start();
      AdminServer admin = null;
      try {
        if (adminSettings != null) {
          admin = AdminServer.start(adminSettings, dataSource, Clock.systemUTC());
        }
      } catch (RuntimeException e) {
        runner.close();
        throw e;
      }
      return new RunnerProcess(
          dataSource, runner, progressEvery, shutdownDeadline(config), admin, fatal);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /**
   * The deliveries page settings ({@code webhooks.admin.*}), or {@code null} when {@code
   * webhooks.admin.port} is not set: the page is off by default.
   */
  static AdminSettings adminSettings(RunnerConfig config) {
    String port = config.string("webhooks.admin.port", null);
    if (port == null || port.isBlank()) {
      return null;
    }
    int number = config.integer("webhooks.admin.port", 0, 0, 65_535);
    String token = config.string("webhooks.admin.token", "");
    if (token.strip().length() < AdminSettings.MIN_TOKEN_LENGTH) {
      throw new RunnerConfig.InvalidConfigException(
          "webhooks.admin.token",
          "must be set, at least "
              + AdminSettings.MIN_TOKEN_LENGTH
              + " characters, when webhooks.admin.port is set");
    }
    return new AdminSettings(config.string("webhooks.admin.bind", "127.0.0.1"), number, token);
  }

  /**
   * How long a stopping runner lets in-flight POSTs finish ({@code webhooks.shutdown-deadline},
   * default 10 s) before it gives their rows back.
   */
  static Duration shutdownDeadline(RunnerConfig config) {
    Duration deadline = config.duration("webhooks.shutdown-deadline", Duration.ofSeconds(10));
    if (deadline.isNegative()) {
      throw new RunnerConfig.InvalidConfigException(
          "webhooks.shutdown-deadline", "must not be negative, was " + deadline);
    }
    return deadline;
  }

  /** A connection pool for the configured database ({@code webhooks.db.*}). */
  public static HikariDataSource openDataSource(RunnerConfig config) {
    String url = config.string("webhooks.db.url", RunnerConfig.DEFAULT_DB_URL);
    String defaultUser = url.startsWith("jdbc:h2:") ? "sa" : "";
    return DataSources.pooled(
        url,
        config.string("webhooks.db.user", defaultUser),
        config.string("webhooks.db.password", ""),
        config.integer("webhooks.db.pool-size", 8, 3, 200));
  }

  /** The retention the configuration asks for ({@code webhooks.retention.*}). */
  public static Retention retention(RunnerConfig config) {
    Retention defaults = Retention.defaults();
    Duration delivered = config.duration("webhooks.retention.delivered", defaults.delivered());
    Duration failed = config.duration("webhooks.retention.failed", defaults.failed());
    requirePositive(delivered, "webhooks.retention.delivered");
    requirePositive(failed, "webhooks.retention.failed");
    return new Retention(
        delivered,
        failed,
        config.integer("webhooks.retention.batch-size", defaults.batchSize(), 1, 100_000));
  }

  private static void requirePositive(Duration duration, String key) {
    if (duration.isNegative() || duration.isZero()) {
      throw new RunnerConfig.InvalidConfigException(key, "must be positive, was " + duration);
    }
  }

  static DispatchSettings dispatch(RunnerConfig config) {
    DispatchSettings defaults = DispatchSettings.defaults();
    Duration linger = config.duration("webhooks.dispatch.record-linger", defaults.recordLinger());
    if (linger.isNegative() || linger.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new RunnerConfig.InvalidConfigException(
          "webhooks.dispatch.record-linger", "must be 0 to 1s, was " + linger);
    }
    return new DispatchSettings(
        config.integer("webhooks.dispatch.batch-size", defaults.claimBatchSize(), 1, 5000),
        config.integer("webhooks.dispatch.max-in-flight", defaults.maxInFlight(), 1, 100_000),
        config.duration("webhooks.dispatch.lease", defaults.leaseDuration()),
        config.duration("webhooks.dispatch.idle-poll", defaults.idlePollInterval()),
        defaults.busyPollInterval(),
        defaults.recordBatchSize(),
        linger,
        config.integer("webhooks.dispatch.max-lost-leases", defaults.maxLostLeases(), 1, 1000));
  }

  /**
   * What the runner and the CLI's enqueue agree on, from the configuration: the URL policy ({@code
   * webhooks.http.*}), the throttle window, the retry default ({@code webhooks.retry.*}) and the
   * secret cipher ({@code webhooks.secret-key}).
   */
  public static OutboxOptions options(RunnerConfig config) {
    OutboxOptions.Builder options =
        OutboxOptions.builder()
            .urlPolicy(urlPolicy(config))
            .throttleWindow(throttleWindow(config))
            .retryPolicy(
                RetryPolicy.builder()
                    .maxAttempts(config.integer("webhooks.retry.max-attempts", 8, 1, 1000))
                    .initialDelay(
                        config.duration("webhooks.retry.initial-delay", Duration.ofSeconds(10)))
                    .maxDelay(config.duration("webhooks.retry.max-delay", Duration.ofHours(1)))
                    .maxAge(config.duration("webhooks.retry.max-age", Duration.ofDays(3)))
                    .build());
    String preset = config.string("webhooks.retry.preset", "default").trim();
    if (!preset.equals("default")) {
      options.defaultRetryPreset(builtInPreset(preset));
    }
    SecretCipher cipher = secretCipher(config);
    if (cipher != null) {
      options.secretCipher(cipher);
    }
    return options.build();
  }

  static WebhookRunner.Builder buildRunner(RunnerConfig config, HikariDataSource dataSource) {
    DispatchSettings dispatch = dispatch(config);
    EndpointSettings endpointDefaults = EndpointSettings.defaults();
    EndpointSettings endpoints =
        new EndpointSettings(
            config.integer(
                "webhooks.endpoint.max-in-flight",
                endpointDefaults.maxInFlightPerEndpoint(),
                1,
                100_000),
            endpointDefaults.busyDeferral(),
            config.integer(
                "webhooks.endpoint.failure-threshold",
                endpointDefaults.failureThreshold(),
                1,
                100_000),
            config.duration("webhooks.endpoint.open-duration", endpointDefaults.openDuration()));
    WebhookRunner.Builder builder =
        WebhookRunner.builder(dataSource)
            .dispatchSettings(dispatch)
            .endpointSettings(endpoints)
            .endpointHealth(endpointHealth(config))
            .senderSettings(senderSettings(config))
            .shutdownDeadline(shutdownDeadline(config))
            .options(options(config));
    if (config.bool("webhooks.retention.enabled", true)) {
      Duration every = config.duration("webhooks.retention.interval", Duration.ofHours(1));
      if (every.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new RunnerConfig.InvalidConfigException(
            "webhooks.retention.interval", "must be at least 1s, was " + every);
      }
      builder.retention(retention(config), every);
    }
    builder.cluster(clusterSettings(config));
    String runnerId = config.string("webhooks.runner.id", null);
    if (runnerId != null && !runnerId.isBlank()) {
      builder.runnerId(runnerId);
    }
    return builder;
  }

  /** When failing endpoints are disabled ({@code webhooks.endpoint.*}). */
  static EndpointHealthSettings endpointHealth(RunnerConfig config) {
    EndpointHealthSettings defaults = EndpointHealthSettings.defaults();
    Duration disableAfter =
        config.duration("webhooks.endpoint.disable-after", defaults.disableAfter());
    Duration checkInterval =
        config.duration("webhooks.endpoint.check-interval", defaults.checkInterval());
    Duration reportInterval =
        config.duration("webhooks.endpoint.report-interval", defaults.reportInterval());
    requirePositive(disableAfter, "webhooks.endpoint.disable-after");
    requirePositive(reportInterval, "webhooks.endpoint.report-interval");
    if (checkInterval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new RunnerConfig.InvalidConfigException(
          "webhooks.endpoint.check-interval", "must be at least 100ms, was " + checkInterval);
    }
    return new EndpointHealthSettings(
        config.bool("webhooks.endpoint.auto-disable", defaults.autoDisable()),
        disableAfter,
        checkInterval,
        reportInterval);
  }

  /** How runners share the maintenance jobs ({@code webhooks.cluster.*}). */
  static ClusterSettings clusterSettings(RunnerConfig config) {
    ClusterSettings defaults = ClusterSettings.defaults();
    try {
      return new ClusterSettings(
          config.bool("webhooks.cluster.enabled", defaults.enabled()),
          config.string("webhooks.cluster.name", defaults.name()).strip(),
          config.duration("webhooks.cluster.checkin-interval", defaults.checkinInterval()));
    } catch (IllegalArgumentException e) {
      throw new RunnerConfig.InvalidConfigException("webhooks.cluster", e.getMessage(), e);
    }
  }

  static SenderSettings senderSettings(RunnerConfig config) {
    SenderSettings defaults = SenderSettings.defaults();
    int excerpt =
        config.integer(
            "webhooks.http.max-excerpt-bytes",
            defaults.maxExcerptBytes(),
            0,
            SenderSettings.MAX_EXCERPT_BYTES);
    int body =
        config.integer(
            "webhooks.http.max-body-bytes",
            defaults.responseLimits().maxBodyBytes(),
            0,
            ResponseLimits.MAX_BODY_BYTES);
    if (body < excerpt) {
      throw new RunnerConfig.InvalidConfigException(
          "webhooks.http.max-body-bytes",
          "must be at least webhooks.http.max-excerpt-bytes (" + excerpt + "), was " + body);
    }
    return new SenderSettings(
        config.duration("webhooks.http.connect-timeout", defaults.connectTimeout()),
        config.duration("webhooks.http.response-timeout", defaults.responseTimeout()),
        config.duration("webhooks.http.total-timeout", defaults.totalTimeout()),
        config.integer("webhooks.http.max-connections", defaults.maxConnections(), 1, 100_000),
        config.integer(
            "webhooks.http.max-connections-per-host",
            defaults.maxConnectionsPerRoute(),
            1,
            100_000),
        excerpt,
        new ResponseLimits(
            config.integer(
                "webhooks.http.max-header-line-bytes",
                defaults.responseLimits().maxLineBytes(),
                256,
                ResponseLimits.MAX_LINE_BYTES),
            config.integer(
                "webhooks.http.max-header-count",
                defaults.responseLimits().maxHeaderCount(),
                1,
                ResponseLimits.MAX_HEADER_COUNT),
            body));
  }

  /** The cipher for signing keys at rest ({@code webhooks.secret-key}), or {@code null}. */
  public static SecretCipher secretCipher(RunnerConfig config) {
    String secretKey = config.string("webhooks.secret-key", null);
    if (secretKey == null || secretKey.isBlank()) {
      return null;
    }
    try {
      return SecretCipher.fromBase64Key(secretKey.trim());
    } catch (IllegalArgumentException | WebhookOutboxException e) {
      // No cause: a base64 decoder's message quotes a character of the key, and this exception is
      // printed and logged.
      throw new RunnerConfig.InvalidConfigException(
          "webhooks.secret-key", "must be a base64 AES-256 key (32 bytes)");
    }
  }

  /**
   * {@code webhooks.throttle-window}: the runner enforces it before sending an intermediate update,
   * and the CLI's enqueue plans with it, like an embedded outbox built with the same value.
   */
  public static ThrottleWindow throttleWindow(RunnerConfig config) {
    Duration window =
        config.duration("webhooks.throttle-window", ThrottleWindow.defaults().duration());
    try {
      return ThrottleWindow.of(window);
    } catch (IllegalArgumentException e) {
      throw new RunnerConfig.InvalidConfigException("webhooks.throttle-window", e.getMessage(), e);
    }
  }

  /**
   * HTTPS only and the SSRF guard on unless configured otherwise; the allowlist is a
   * comma-separated list of host names, {@code *.}wildcards, addresses and CIDR networks.
   */
  public static UrlPolicy urlPolicy(RunnerConfig config) {
    String allowlist = config.string("webhooks.http.allowlist", "");
    try {
      return UrlPolicy.builder()
          .allowPlainHttp(config.bool("webhooks.http.allow-plain-http", false))
          .ssrfGuard(config.bool("webhooks.http.ssrf-guard", true))
          .allow(List.of(allowlist.split(",")))
          .build();
    } catch (IllegalArgumentException e) {
      throw new RunnerConfig.InvalidConfigException("webhooks.http.allowlist", e.getMessage(), e);
    }
  }

  /** A built-in preset by name; {@code default} is the one the retry.* keys configure. */
  private static RetryPreset builtInPreset(String name) {
    return RetryPreset.builtIns().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new RunnerConfig.InvalidConfigException(
                    "webhooks.retry.preset",
                    "must be one of "
                        + RetryPreset.builtIns().stream().map(RetryPreset::name).toList()
                        + ", was '"
                        + name
                        + "'"));
  }

  public WebhookRunner runner() {
    return runner;
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  /**
   * Completes with the error that made the runner close itself ({@link
   * WebhookRunner#fatalError()}), once it is closed; never completes while the runner works.
   */
  public CompletionStage<Throwable> fatalError() {
    return fatal.minimalCompletionStage();
  }

  /** How long {@link #close()} lets in-flight POSTs finish. */
  public Duration shutdownDeadline() {
    return shutdownDeadline;
  }

  /** The port of the deliveries page, or -1 when it is off. */
  public int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  private void reportProgress() {
    Dispatcher.Stats now = runner.stats();
    if (now.equals(lastReported)) {
      return;
    }
    log.info(
        "progress: delivered +{} (total {}), retries scheduled +{}, failed +{}, postponed +{},"
            + " in flight {}",
        now.delivered() - lastReported.delivered(),
        now.delivered(),
        now.retried() - lastReported.retried(),
        now.failed() - lastReported.failed(),
        now.postponed() - lastReported.postponed(),
        now.inFlight());
    lastReported = now;
  }

  /**
   * Stops the runner (see {@link WebhookRunner#close()}: claiming stops, in-flight POSTs get the
   * shutdown deadline, the rest is given back), then the admin page and the pool. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    progress.shutdownNow();
    if (admin != null) {
      admin.close();
    }
    try {
      runner.close();
    } finally {
      dataSource.close();
    }
  }
}
