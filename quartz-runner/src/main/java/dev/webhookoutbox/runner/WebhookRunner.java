package dev.webhookoutbox.runner;

import dev.webhookoutbox.OutboxOptions;
import dev.webhookoutbox.WebhookOutboxException;
import dev.webhookoutbox.dispatch.DispatchSettings;
import dev.webhookoutbox.dispatch.Dispatcher;
import dev.webhookoutbox.dispatch.DispatcherBuilder;
import dev.webhookoutbox.dispatch.EndpointHealthSettings;
import dev.webhookoutbox.dispatch.EndpointSettings;
import dev.webhookoutbox.dispatch.FailureNotificationSettings;
import dev.webhookoutbox.dispatch.OrderingSettings;
import dev.webhookoutbox.jdbc.JdbcOutboxStore;
import dev.webhookoutbox.jdbc.Retention;
import dev.webhookoutbox.runner.http.HttpClientWebhookSender;
import dev.webhookoutbox.runner.http.SenderSettings;
import dev.webhookoutbox.runner.jobs.DrainJob;
import dev.webhookoutbox.runner.jobs.EndpointMaintenanceJob;
import dev.webhookoutbox.runner.jobs.LeaseRecoveryJob;
import dev.webhookoutbox.runner.jobs.RetentionPurgeJob;
import dev.webhookoutbox.signing.SecretCipher;
import dev.webhookoutbox.spi.DeliveryFailureListener;
import dev.webhookoutbox.spi.DispatchObserver;
import dev.webhookoutbox.spi.EndpointListener;
import dev.webhookoutbox.spi.EndpointRegistry;
import dev.webhookoutbox.spi.FatalErrorHandler;
import dev.webhookoutbox.spi.OutboxStore;
import dev.webhookoutbox.spi.RetentionPurge;
import dev.webhookoutbox.spi.SecretsAtRest;
import dev.webhookoutbox.spi.WebhookSender;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox. Two Quartz schedulers: this runner's own in-memory one, whose drain job runs
 * the claim → send → record loop (every runner drains) and whose notification job calls the failure
 * listener; and a clustered one on the database, shared by every runner of the same {@link
 * ClusterSettings#name() cluster}, that runs each maintenance job (lease recovery, retention purge,
 * any {@link Builder#clusterJob}) on one runner at a time. Embed it in a backend or run it
 * standalone ({@link RunnerMain}).
 *
 * <p>It works with any {@link OutboxStore} ({@link #builder(OutboxStore)}), and uses what the store
 * can do beyond the core contract: its {@link OutboxStore#capability capabilities}. {@link
 * #builder(DataSource)} is the usual form, on the library's own JDBC store.
 *
 * <pre>{@code
 * WebhookRunner runner = WebhookRunner.builder(dataSource)
 *     .options(options)             // the same OutboxOptions as the WebhookOutbox's
 *     .failureListener(failure -> jobs.markFailed(failure.subject()))
 *     .build();
 * runner.start();
 * ...
 * runner.close(); // stops claiming, finishes in-flight POSTs, releases the rest
 * }</pre>
 */
public final class WebhookRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookRunner.class);

  private final String runnerId;
  private final OutboxStore store;
  private final WebhookSender sender;
  private final Dispatcher dispatcher;
  private final Duration failurePollInterval;
  private final Duration leaseRecoveryInterval;
  private final Duration endpointCheckInterval;
  private final RetentionPurgeJob.Task retentionPurge;
  private final Duration retentionInterval;
  private final boolean endpointMaintenance;
  private final ClusterSettings cluster;
  private final List<ClusterJob> extraClusterJobs;
  private final RunnerSchedulers schedulers;
  private final FatalErrors fatal;
  private final RunnerThreads threads;
  private boolean closed;

  private WebhookRunner(Builder b) {
    this.runnerId = b.runnerId;
    this.fatal = new FatalErrors(runnerId, this::close, b.fatalErrorHandler);
    this.threads = new RunnerThreads(runnerId, fatal);
    this.store = b.store != null ? b.store : jdbcStore(b.dataSource, b.options.secretCipher());
    this.sender =
        b.sender != null
            ? b.sender
            : new HttpClientWebhookSender(b.senderSettings, b.options.urlPolicy(), b.clock, fatal);
    DispatcherBuilder dispatch =
        Dispatcher.builder(store, sender)
            .runnerId(runnerId)
            .options(b.options)
            .ordering(b.ordering)
            .settings(b.dispatchSettings)
            .clock(b.clock)
            .shutdownDeadline(b.shutdownDeadline)
            .endpointSettings(b.endpointSettings)
            .endpointHealth(b.endpointHealth)
            .observer(b.observer)
            .fatalErrorHandler(fatal)
            .failureNotification(b.failureNotification);
    if (b.failureListener != null) {
      dispatch.failureListener(b.failureListener);
    }
    if (b.endpointListener != null) {
      dispatch.endpointListener(b.endpointListener);
    }
    this.dispatcher = dispatch.build();
    this.failurePollInterval =
        b.failureListener == null ? null : b.failureNotification.pollInterval();
    this.endpointCheckInterval = b.endpointHealth.checkInterval();
    this.endpointMaintenance = store.capability(EndpointRegistry.class).isPresent();
    this.retentionPurge = retentionPurge(store, b.retention, b.clock);
    this.retentionInterval = b.retentionInterval;
    this.cluster = b.cluster;
    this.extraClusterJobs = List.copyOf(b.clusterJobs);
    this.schedulers =
        new RunnerSchedulers(runnerId, b.cluster, b.clusterDataSource, b.shutdownDeadline, fatal);
    Duration halfLease = b.dispatchSettings.leaseDuration().dividedBy(2);
    this.leaseRecoveryInterval =
        halfLease.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : halfLease;
  }

  private static JdbcOutboxStore jdbcStore(DataSource dataSource, SecretCipher cipher) {
    return cipher == null
        ? new JdbcOutboxStore(dataSource)
        : new JdbcOutboxStore(dataSource, cipher);
  }

  /** The purge job's work, or {@code null} when no retention is set or the store cannot purge. */
  private static RetentionPurgeJob.Task retentionPurge(
      OutboxStore store, Retention retention, Clock clock) {
    if (retention == null) {
      return null;
    }
    RetentionPurge purge = store.capability(RetentionPurge.class).orElse(null);
    if (purge == null) {
      log.info(
          "The store {} has no RetentionPurge capability: the retention purge is off",
          store.getClass().getName());
      return null;
    }
    return new RetentionPurgeJob.Task(purge, retention, clock);
  }

  /**
   * A runner on the library's JDBC store ({@code JdbcOutboxStore}) over {@code dataSource}, whose
   * clustered maintenance jobs use the same database.
   */
  public static Builder builder(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new Builder(null, dataSource);
  }

  /**
   * A runner on a store of your own, e.g. a decorated {@code JdbcOutboxStore}. The clustered
   * maintenance jobs need a database for Quartz's tables: give it with {@link
   * Builder#cluster(ClusterSettings, DataSource)}, or run them on every runner with {@link
   * ClusterSettings#local()}.
   */
  public static Builder builder(OutboxStore store) {
    return new Builder(Objects.requireNonNull(store, "store"), null);
  }

  /**
   * Starts the schedulers; deliveries flow from here on.
   *
   * @throws WebhookOutboxException if a scheduler cannot start, e.g. clustered without the {@code
   *     QRTZ_*} tables; the runner is closed then
   */
  public synchronized void start() {
    if (schedulers.started()) {
      throw new IllegalStateException("runner " + runnerId + " is already started");
    }
    dispatcher.start();
    ClusterJobs clusterJobs = new ClusterJobs(clusterJobs());
    try {
      // On a thread of the runner's group: Quartz's threads join it, and their death is reported.
      threads.call(
          () -> {
            schedulers.start(dispatcher, endpointCheckInterval, failurePollInterval, clusterJobs);
            return null;
          });
    } catch (Exception e) {
      close();
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new WebhookOutboxException("Could not start the Quartz scheduler", e);
    }
    PlaintextSecretsCheck.warnIfPlaintext(store);
    log.info(
        "Webhook runner {} started; maintenance jobs {}",
        runnerId,
        cluster.enabled()
            ? "clustered in '" + cluster.name() + "' (failover " + cluster.failoverTime() + ")"
            : "on this runner only");
  }

  /** The maintenance jobs: one runner of the cluster runs each. Add new ones here. */
  private List<ClusterJob> clusterJobs() {
    List<ClusterJob> jobs = new ArrayList<>();
    jobs.add(
        ClusterJob.every(
                RunnerSchedulers.LEASE_RECOVERY, LeaseRecoveryJob.class, leaseRecoveryInterval)
            .with(DrainJob.DISPATCHER_KEY, dispatcher));
    if (endpointMaintenance) {
      jobs.add(
          ClusterJob.every(
                  RunnerSchedulers.ENDPOINT_MAINTENANCE,
                  EndpointMaintenanceJob.class,
                  endpointCheckInterval)
              .with(DrainJob.DISPATCHER_KEY, dispatcher));
    }
    if (retentionPurge != null) {
      jobs.add(
          ClusterJob.every(
                  RunnerSchedulers.RETENTION_PURGE, RetentionPurgeJob.class, retentionInterval)
              .with(RetentionPurgeJob.TASK_KEY, retentionPurge));
    }
    jobs.addAll(extraClusterJobs);
    return jobs;
  }

  /** Claims at once instead of at the next poll, e.g. after an in-process enqueue committed. */
  public void wakeUp() {
    dispatcher.wakeUp();
  }

  public String runnerId() {
    return runnerId;
  }

  /**
   * The disabled endpoints (URL origins) as this runner last read them; their deliveries are parked
   * instead of sent. Re-read every {@link EndpointHealthSettings#checkInterval()}.
   */
  public java.util.Set<String> disabledEndpoints() {
    return dispatcher.disabledEndpoints();
  }

  /**
   * The error that made this runner close itself, if one did: an {@link OutOfMemoryError} or other
   * {@link VirtualMachineError} in one of its parts, or the death of a thread it cannot work
   * without. Such a runner sends nothing more; the host should report itself unhealthy or restart.
   * See {@link Builder#fatalErrorHandler} to be told at once.
   */
  public Optional<Throwable> fatalError() {
    return fatal.error();
  }

  /** Counts of outcomes this runner has recorded since start. */
  public Dispatcher.Stats stats() {
    return dispatcher.stats();
  }

  /**
   * Stops the maintenance jobs (interrupting a running purge, waiting up to the shutdown deadline),
   * stops claiming, waits for in-flight POSTs up to the shutdown deadline, releases the rest.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return; // closed already, e.g. by itself after a fatal error
    }
    closed = true;
    threads.closing();
    schedulers.stopMaintenance();
    dispatcher.close();
    schedulers.stop();
    sender.close();
    log.info("Webhook runner {} stopped; {}", runnerId, dispatcher.stats());
  }

  /** Builds a {@link WebhookRunner}; only the store (or the data source) is required. */
  public static final class Builder {
    private final DataSource dataSource;
    private final OutboxStore store;
    private DataSource clusterDataSource;
    private String runnerId = Dispatcher.generateRunnerId();
    private OutboxOptions options = OutboxOptions.defaults();
    private OrderingSettings ordering = OrderingSettings.defaults();
    private DeliveryFailureListener failureListener;
    private FailureNotificationSettings failureNotification =
        FailureNotificationSettings.defaults();
    private DispatchSettings dispatchSettings = DispatchSettings.defaults();
    private SenderSettings senderSettings = SenderSettings.defaults();
    private EndpointSettings endpointSettings = EndpointSettings.defaults();
    private EndpointHealthSettings endpointHealth = EndpointHealthSettings.defaults();
    private EndpointListener endpointListener;
    private Duration shutdownDeadline = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();
    private WebhookSender sender;
    private DispatchObserver observer = DispatchObserver.NONE;
    private FatalErrorHandler fatalErrorHandler;
    private Retention retention;
    private Duration retentionInterval = Duration.ofHours(1);
    private ClusterSettings cluster = ClusterSettings.defaults();
    private final List<ClusterJob> clusterJobs = new ArrayList<>();

    private Builder(OutboxStore store, DataSource dataSource) {
      this.store = store;
      this.dataSource = dataSource;
      this.clusterDataSource = dataSource;
    }

    public Builder runnerId(String runnerId) {
      this.runnerId = Objects.requireNonNull(runnerId, "runnerId");
      return this;
    }

    /**
     * What the runner must agree on with the enqueuing side: the URL policy its sender enforces,
     * the throttle window it holds intermediate updates to, the retry presets (the default one for
     * deliveries enqueued without a preset), and the secret cipher its JDBC store decrypts signing
     * keys with. Give the {@code WebhookOutbox} the same options. Default {@link
     * OutboxOptions#defaults()}.
     */
    public Builder options(OutboxOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** How each subject's deliveries are kept in order; default on, rechecked every 100 ms. */
    public Builder ordering(OrderingSettings ordering) {
      this.ordering = Objects.requireNonNull(ordering, "ordering");
      return this;
    }

    /**
     * Called once a delivery failed for good, at least once per delivery, also after a restart (see
     * {@link DeliveryFailureListener}). Without one, failures are only recorded.
     */
    public Builder failureListener(DeliveryFailureListener listener) {
      this.failureListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * How often and how the failure listener is called; see {@link FailureNotificationSettings}.
     */
    public Builder failureNotification(FailureNotificationSettings settings) {
      this.failureNotification = Objects.requireNonNull(settings, "settings");
      return this;
    }

    public Builder dispatchSettings(DispatchSettings settings) {
      this.dispatchSettings = Objects.requireNonNull(settings, "dispatchSettings");
      return this;
    }

    public Builder senderSettings(SenderSettings settings) {
      this.senderSettings = Objects.requireNonNull(settings, "senderSettings");
      return this;
    }

    /** Per-origin concurrency limit and circuit breaker. */
    public Builder endpointSettings(EndpointSettings settings) {
      this.endpointSettings = Objects.requireNonNull(settings, "endpointSettings");
      return this;
    }

    /**
     * When a failing endpoint is disabled cluster-wide, and how often runners look; default: after
     * 5 days of failures, checked every 5 s. See {@link EndpointHealthSettings}.
     */
    public Builder endpointHealth(EndpointHealthSettings settings) {
      this.endpointHealth = Objects.requireNonNull(settings, "endpointHealth");
      return this;
    }

    /**
     * Told when an endpoint is disabled (after failing for {@link
     * EndpointHealthSettings#disableAfter()}, or by an admin), at least once per disablement, also
     * across restarts. Without one, disablements are only logged and stored.
     */
    public Builder endpointListener(EndpointListener listener) {
      this.endpointListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * How long {@link WebhookRunner#close()} waits for in-flight POSTs, and then for a running
     * maintenance job; default 10 s.
     */
    public Builder shutdownDeadline(Duration shutdownDeadline) {
      this.shutdownDeadline = Objects.requireNonNull(shutdownDeadline, "shutdownDeadline");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Replaces the HttpClient 5 sender. */
    public Builder sender(WebhookSender sender) {
      this.sender = Objects.requireNonNull(sender, "sender");
      return this;
    }

    /** Told about every recorded attempt and circuit change, e.g. {@code WebhookMetrics}. */
    public Builder observer(DispatchObserver observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Told once if the runner hits an error it cannot survive (an {@link OutOfMemoryError} in any
     * of its threads, the death of its recorder or HTTP I/O thread), after the runner closed
     * itself: claims stopped, in-flight rows given back. Without one the runner still closes and
     * logs the error at ERROR; {@link WebhookRunner#fatalError()} tells it too. A host would mark
     * itself unhealthy, or exit so that its supervisor restarts it.
     */
    public Builder fatalErrorHandler(FatalErrorHandler handler) {
      this.fatalErrorHandler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Deletes finished deliveries older than {@code retention} every {@code interval} (a {@code
     * RetentionPurgeJob}, first at start). Off unless set: the rows are the host's data.
     */
    public Builder retention(Retention retention, Duration interval) {
      this.retention = Objects.requireNonNull(retention, "retention");
      if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("retention interval must be at least 1s");
      }
      this.retentionInterval = interval;
      return this;
    }

    /**
     * How this runner shares the maintenance jobs with the other runners on its database. Default
     * {@link ClusterSettings#defaults()}: clustered, named {@value ClusterSettings#DEFAULT_NAME},
     * checking in every 5 s, so that each maintenance job runs on one runner at a time and another
     * runner takes it over about {@link ClusterSettings#failoverTime()} after that runner died.
     * Needs the {@code QRTZ_*} tables of migration {@code V4__create_quartz_tables.sql}, in the
     * database of {@link WebhookRunner#builder(DataSource)}; {@link ClusterSettings#local()} does
     * without them, every runner then running every job.
     */
    public Builder cluster(ClusterSettings settings) {
      this.cluster = Objects.requireNonNull(settings, "cluster");
      return this;
    }

    /**
     * As {@link #cluster(ClusterSettings)}, with Quartz's {@code QRTZ_*} tables in {@code
     * dataSource}: for a runner built on a store of its own ({@link
     * WebhookRunner#builder(OutboxStore)}), which has no database the runner knows of.
     */
    public Builder cluster(ClusterSettings settings, DataSource dataSource) {
      this.clusterDataSource = Objects.requireNonNull(dataSource, "dataSource");
      return cluster(settings);
    }

    /**
     * Adds a maintenance job that runs on one runner of the cluster at a time, next to lease
     * recovery and the retention purge. Every runner of the cluster should add the same jobs (see
     * {@link ClusterJob}).
     */
    public Builder clusterJob(ClusterJob job) {
      Objects.requireNonNull(job, "job");
      if (List.of(
              RunnerSchedulers.LEASE_RECOVERY,
              RunnerSchedulers.RETENTION_PURGE,
              RunnerSchedulers.ENDPOINT_MAINTENANCE)
          .contains(job.name())) {
        throw new IllegalArgumentException("cluster job name " + job.name() + " is reserved");
      }
      clusterJobs.add(job);
      return this;
    }

    public WebhookRunner build() {
      Duration margin = Duration.ofSeconds(5);
      if (sender == null
          && dispatchSettings.leaseDuration().compareTo(senderSettings.totalTimeout().plus(margin))
              < 0) {
        throw new IllegalStateException(
            "leaseDuration ("
                + dispatchSettings.leaseDuration()
                + ") must exceed the sender's totalTimeout ("
                + senderSettings.totalTimeout()
                + ") by at least 5s, or another runner may send the same delivery concurrently");
      }
      if (store != null && options.secretCipher() != null && cannotDecrypt(store)) {
        throw new IllegalStateException(
            "the options' secretCipher cannot reach a store of your own, and "
                + store.getClass().getName()
                + " does not decrypt signing secrets: give it the cipher, e.g. new"
                + " JdbcOutboxStore(dataSource, cipher)");
      }
      if (cluster.enabled() && clusterDataSource == null) {
        throw new IllegalStateException(
            "the clustered maintenance jobs keep Quartz's QRTZ_* tables in a database, and a"
                + " runner built on a store of its own knows none: give it with"
                + " cluster(ClusterSettings.defaults(), dataSource), or run the jobs on every"
                + " runner with cluster(ClusterSettings.local())");
      }
      return new WebhookRunner(this);
    }

    /** Whether the store says it reads signing secrets as stored; unknown counts as able. */
    private static boolean cannotDecrypt(OutboxStore store) {
      return store.capability(SecretsAtRest.class).map(s -> !s.hasSecretCipher()).orElse(false);
    }
  }
}
