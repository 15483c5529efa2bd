package dev.webhookoutbox.runner;

import dev.webhookoutbox.WebhookOutboxException;
import dev.webhookoutbox.dispatch.DispatchSettings;
import dev.webhookoutbox.dispatch.Dispatcher;
import dev.webhookoutbox.dispatch.EndpointSettings;
import dev.webhookoutbox.dispatch.RunnerIds;
import dev.webhookoutbox.jdbc.JdbcOutboxStore;
import dev.webhookoutbox.jdbc.OutboxMaintenance;
import dev.webhookoutbox.jdbc.Retention;
import dev.webhookoutbox.retry.RetryPolicy;
import dev.webhookoutbox.runner.http.HttpClientWebhookSender;
import dev.webhookoutbox.runner.http.SenderSettings;
import dev.webhookoutbox.runner.jobs.DrainJob;
import dev.webhookoutbox.runner.jobs.LeaseRecoveryJob;
import dev.webhookoutbox.runner.jobs.RetentionPurgeJob;
import dev.webhookoutbox.spi.DispatchObserver;
import dev.webhookoutbox.spi.OutboxStore;
import dev.webhookoutbox.spi.WebhookSender;
import dev.webhookoutbox.validation.UrlPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.JobBuilder;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox: a Quartz scheduler whose drain job runs the claim → send → record loop, and
 * whose maintenance job recovers expired leases. Embed it in a backend or run it standalone ({@link
 * RunnerMain}).
 *
 * <pre>{@code
 * WebhookRunner runner = WebhookRunner.builder(dataSource)
 *     .retryPolicy(RetryPolicy.builder().maxAttempts(5).build())
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
  private final Duration leaseRecoveryInterval;
  private final DataSource dataSource;
  private final Clock clock;
  private final Retention retention;
  private final Duration retentionInterval;
  private Scheduler scheduler;

  private WebhookRunner(Builder b) {
    this.runnerId = b.runnerId;
    this.store = b.store != null ? b.store : new JdbcOutboxStore(b.dataSource);
    this.sender =
        b.sender != null ? b.sender : new HttpClientWebhookSender(b.senderSettings, b.clock);
    this.dispatcher =
        Dispatcher.builder(store, sender)
            .runnerId(runnerId)
            .retryPolicy(b.retryPolicy)
            .settings(b.dispatchSettings)
            .clock(b.clock)
            .shutdownDeadline(b.shutdownDeadline)
            .endpointSettings(b.endpointSettings)
            .observer(b.observer)
            .build();
    this.dataSource = b.dataSource;
    this.clock = b.clock;
    this.retention = b.retention;
    this.retentionInterval = b.retentionInterval;
    Duration halfLease = b.dispatchSettings.leaseDuration().dividedBy(2);
    this.leaseRecoveryInterval =
        halfLease.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : halfLease;
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /** Starts the scheduler; deliveries flow from here on. */
  public synchronized void start() {
    if (scheduler != null) {
      throw new IllegalStateException("runner " + runnerId + " is already started");
    }
    dispatcher.start();
    try {
      scheduler = new StdSchedulerFactory(quartzProperties()).getScheduler();
      scheduler.getContext().put(DrainJob.DISPATCHER_KEY, dispatcher);
      scheduleEvery(DrainJob.class, "drain", Duration.ofSeconds(1));
      scheduleEvery(LeaseRecoveryJob.class, "lease-recovery", leaseRecoveryInterval);
      if (retention != null) {
        scheduler.getContext().put(RetentionPurgeJob.RETENTION_KEY, retention);
        scheduler
            .getContext()
            .put(RetentionPurgeJob.MAINTENANCE_KEY, new OutboxMaintenance(dataSource, clock));
        scheduleEvery(RetentionPurgeJob.class, "retention-purge", retentionInterval);
      }
      scheduler.start();
    } catch (SchedulerException e) {
      throw new WebhookOutboxException("Could not start the Quartz scheduler", e);
    }
    log.info("Webhook runner {} started", runnerId);
  }

  /** Claims at once instead of at the next poll, e.g. after an in-process enqueue committed. */
  public void wakeUp() {
    dispatcher.wakeUp();
  }

  public String runnerId() {
    return runnerId;
  }

  /** Counts of outcomes this runner has recorded since start. */
  public Dispatcher.Stats stats() {
    return dispatcher.stats();
  }

  private void scheduleEvery(Class<? extends org.quartz.Job> job, String name, Duration interval)
      throws SchedulerException {
    scheduler.scheduleJob(
        JobBuilder.newJob(job).withIdentity(name, "webhook-outbox").build(),
        TriggerBuilder.newTrigger()
            .withIdentity(name, "webhook-outbox")
            .startNow()
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(interval.toMillis())
                    .repeatForever()
                    .withMisfireHandlingInstructionNextWithRemainingCount())
            .build());
  }

  private Properties quartzProperties() {
    Properties p = new Properties();
    // Unique per runner: Quartz keeps schedulers in a JVM-wide repository keyed by this name.
    p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "webhook-runner-" + runnerId);
    p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, runnerId);
    p.setProperty("org.quartz.threadPool.threadCount", "3");
    p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    return p;
  }

  /** Stops claiming, waits for in-flight POSTs up to the shutdown deadline, releases the rest. */
  @Override
  public synchronized void close() {
    dispatcher.close();
    if (scheduler != null) {
      try {
        scheduler.shutdown(true);
      } catch (SchedulerException e) {
        log.warn("Quartz scheduler did not shut down cleanly", e);
      }
    }
    sender.close();
    log.info("Webhook runner {} stopped; {}", runnerId, dispatcher.stats());
  }

  /** Builds a {@link WebhookRunner}; only the data source is required. */
  public static final class Builder {
    private final DataSource dataSource;
    private String runnerId = RunnerIds.generate();
    private RetryPolicy retryPolicy = RetryPolicy.builder().build();
    private DispatchSettings dispatchSettings = DispatchSettings.defaults();
    private SenderSettings senderSettings = SenderSettings.defaults();
    private UrlPolicy urlPolicy;
    private EndpointSettings endpointSettings = EndpointSettings.defaults();
    private Duration shutdownDeadline = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();
    private OutboxStore store;
    private WebhookSender sender;
    private DispatchObserver observer = DispatchObserver.NONE;
    private Retention retention;
    private Duration retentionInterval = Duration.ofHours(1);

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    public Builder runnerId(String runnerId) {
      this.runnerId = Objects.requireNonNull(runnerId, "runnerId");
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
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

    /**
     * Which receiver URLs the HTTP sender may call, in place of the policy in {@link
     * #senderSettings} (strict unless set there): for example {@code
     * UrlPolicy.builder().allowPlainHttp(true).allowLoopback().build()} for receivers on loopback.
     */
    public Builder urlPolicy(UrlPolicy urlPolicy) {
      this.urlPolicy = Objects.requireNonNull(urlPolicy, "urlPolicy");
      return this;
    }

    /** Per-origin concurrency limit and circuit breaker. */
    public Builder endpointSettings(EndpointSettings settings) {
      this.endpointSettings = Objects.requireNonNull(settings, "endpointSettings");
      return this;
    }

    public Builder shutdownDeadline(Duration shutdownDeadline) {
      this.shutdownDeadline = Objects.requireNonNull(shutdownDeadline, "shutdownDeadline");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Replaces the JDBC store, e.g. with a decorated one. */
    public Builder store(OutboxStore store) {
      this.store = Objects.requireNonNull(store, "store");
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
      if (urlPolicy != null) {
        senderSettings = senderSettings.withUrlPolicy(urlPolicy);
      }
      return new WebhookRunner(this);
    }
  }
}
